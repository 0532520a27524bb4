# -c selects and orders columns
order-show -f orders.csv -c status,order_id -o csv | head -n 2
