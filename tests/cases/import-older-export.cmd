# an export older than the ledger changes nothing
order-import -f orders.csv --yes export.csv
