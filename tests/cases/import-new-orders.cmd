# a new two-server order appended in the ledger's columns, an Unpaid renewal paid in the console updated
order-import -f orders.csv --yes detail-new.json detail-paid.json && order-show -f orders.csv 214118826530117 214017707302843 -o csv
