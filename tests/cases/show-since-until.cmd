# --since and --until (dates are local midnight, TZ=UTC here)
order-show -f orders.csv --since 2025-06-01 --until 2025-06-10 -c order_id,created_at -o csv
