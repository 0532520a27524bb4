# amounts that differ for the same order: a conflict, named, the row left alone
order-import -f orders.csv --yes export.csv; echo "exit $?"; cmp orders.csv $EX/orders.csv
