# created_at < now-3d selects the one order left unpaid three days
order-show -f orders.csv --status Unpaid --at 2025-06-15T00:00:00Z --where 'created_at < now-3d' -c order_id
