# a cloud Refund order of no local refund is refused, saying what to do, the ledger as it was (added, it would leave the orders Paid, to be refunded twice)
cp orders.csv before.csv; order-import -f orders.csv --yes detail-refund.json; echo "exit $?"; cmp orders.csv before.csv
