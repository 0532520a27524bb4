# the same row twice in the exports is taken once
order-import -f orders.csv --yes export.csv
