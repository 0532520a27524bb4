# nothing to import
order-import -f orders.csv --yes
