# order-show reads one file: -f given twice is refused
order-show -f orders.csv -f orders.yaml
