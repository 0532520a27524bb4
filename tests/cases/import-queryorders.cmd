# QueryOrders lists no instances: an order the ledger has is compared and updated on its row
order-import -f orders.csv --yes query-orders.json && order-show -f orders.csv 214017707302843 -c order_id,instance_id,status,paid_at -o csv
