# no terminal and no --yes: nothing changed
order-import -f orders.csv detail-new.json; echo "exit $?"; cmp orders.csv $EX/orders.csv
