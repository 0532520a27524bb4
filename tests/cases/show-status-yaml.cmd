# --status on the YAML ledger
order-show -f orders.yaml --status Unpaid -c order_id -o csv
