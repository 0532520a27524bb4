# importing the same exports again changes nothing and journals nothing
order-import -f orders.csv --yes detail-new.json detail-paid.json >/dev/null 2>&1 && cp orders.csv once.csv && cp orders.csv.journal once.journal && order-import -f orders.csv --yes detail-new.json detail-paid.json && cmp orders.csv once.csv && cmp orders.csv.journal once.journal
