# --create on a ledger that is there imports into it
order-import -f orders.csv --create --yes detail-new.json detail-paid.json
