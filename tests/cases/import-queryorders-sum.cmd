# QueryOrders: an amount other than the sum of the ledger rows of a split order is a conflict on each, left as they are
order-import -f ledger.csv --yes query.json -c order_id,instance_id,action,reason; echo "exit $?"; order-show -f ledger.csv 215202604118301 -c instance_id,status,paid_amount -o csv
