# an order row the ledger has twice: refused
cp orders.csv before.csv; order-import -f orders.csv --yes detail-paid.json; echo "exit $?"; cmp orders.csv before.csv
