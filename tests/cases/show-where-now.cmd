# --where with now-3d (the cron example)
order-show -f orders.csv --at 2025-06-15T00:00:00Z --status Unpaid -w 'created_at < now-3d' -c order_id -o csv
