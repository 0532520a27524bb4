# a ledger amount that is no amount: refused
cp orders.csv before.csv; order-import -f orders.csv --yes detail-paid.json; echo "exit $?"; cmp orders.csv before.csv
