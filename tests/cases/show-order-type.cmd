# --order-type
order-show -f orders.csv --order-type Upgrade,TempUpgrade -c order_id -o csv
