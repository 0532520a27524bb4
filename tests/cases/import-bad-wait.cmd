# --wait takes seconds
order-import -f orders.csv --wait 2d detail-new.json
