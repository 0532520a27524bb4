# --status
order-show -f orders.csv --status Unpaid -c order_id -o csv
