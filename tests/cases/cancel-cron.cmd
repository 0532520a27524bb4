# order-show | order-cancel --yes -: the cron job of SPEC 1
order-show -f orders.csv --status Unpaid --where 'created_at < now-3d' --at 2025-06-15T00:00:00Z |
    order-cancel -f orders.csv --yes --at 2025-06-15T00:00:00Z - -c order_id,action -o csv
