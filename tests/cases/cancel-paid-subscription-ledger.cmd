# Paid subscription: its rows say Refunded, with rule, amount and time
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes i-t4nrf746re1716astqfl >/dev/null 2>&1 &&
    order-show -f orders.csv --instance i-t4nrf746re1716astqfl -c order_id,order_type,status,refund_rule,refund_amount,refunded_at,related_order_id,paid_amount -o csv
