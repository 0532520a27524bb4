# the YAML ledger holds the same orders as the CSV one
order-show -f orders.yaml -o csv
