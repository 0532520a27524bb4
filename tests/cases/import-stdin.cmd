# an export on standard input
order-import -f orders.csv --yes - <detail-new.json
