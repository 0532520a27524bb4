# a row that cannot be taken as meant: exit 2, the ledger as it was
order-import -f orders.csv --yes export.csv; echo "exit $?"; cmp orders.csv $EX/orders.csv
