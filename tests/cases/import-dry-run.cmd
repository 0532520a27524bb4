# a dry run prints the receipts and changes nothing
order-import -f orders.csv -n detail-new.json detail-paid.json && cmp orders.csv $EX/orders.csv
