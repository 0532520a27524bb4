# QueryOrders --pager: a split order paid on each of its rows, one cancelled, one the ledger lacks refused, naming GetOrderDetail
order-import -f ledger.csv --yes query.json; echo "exit $?"; order-show -f ledger.csv -c order_id,instance_id,status,paid_at,paid_amount -o csv
