# two local refunds the cloud's could pay: a conflict, named
cp orders.csv before.csv; order-import -f orders.csv --yes detail-refund.json; echo "exit $?"; cmp orders.csv before.csv
