# standard input once
order-import -f orders.csv --yes - -
