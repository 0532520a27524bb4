# --since relative to --at
order-show -f orders.csv --at 2025-06-15T00:00:00Z --since now-30d -c order_id -o csv
