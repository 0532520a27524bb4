# a --where naming no field, as a misspelt one: an error, not nothing imported with exit 0
order-import -f orders.csv --yes -w "order_typ = New" detail-new.json; echo "exit $?"; cmp orders.csv $EX/orders.csv
