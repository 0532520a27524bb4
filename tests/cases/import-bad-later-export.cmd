# a bad row in the second export, after good ones: exit 2, the ledger as it was
order-import -f orders.csv --yes detail-new.json export.csv; echo "exit $?"; cmp orders.csv $EX/orders.csv
