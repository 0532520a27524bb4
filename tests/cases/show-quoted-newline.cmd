# a quoted newline and doubled quotes survive CSV
order-show -f q.csv -o csv
