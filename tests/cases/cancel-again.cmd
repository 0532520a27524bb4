# re-running is a no-op that says so, exit 0
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes i-t4nrf746re1716astqfl >/dev/null 2>&1 &&
    order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes i-t4nrf746re1716astqfl -c order_id,instance_id,action,status_before,status_after,refund_amount,currency,refund_rule,reason -o csv
