# an order id quotes its instance
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z -c instance_id,refund_amount,currency -o csv 213998188603343
