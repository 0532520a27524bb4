# QueryOrders lists no instances: refused, with what to export instead
order-import -f orders.csv --yes query-orders.json; echo "exit $?"; cmp orders.csv $EX/orders.csv
