# a renewal not started: refunded alone, in full
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 213998188603343 -c order_id,instance_id,action,status_before,status_after,refund_amount,currency,refund_rule,reason -o csv
