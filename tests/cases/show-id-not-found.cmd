# an ID not found is named, exit 1
order-show -f orders.csv 214017707302843 999 -c order_id -o csv
