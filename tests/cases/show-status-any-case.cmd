# --status ignores letter case
order-show -f orders.csv --status unpaid -c order_id -o csv
