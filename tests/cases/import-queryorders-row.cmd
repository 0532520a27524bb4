# QueryOrders: a split order one of whose rows is in conflict is left as it is on every row
order-import -f ledger.csv --yes query.json -c order_id,instance_id,action,reason; echo "exit $?"
