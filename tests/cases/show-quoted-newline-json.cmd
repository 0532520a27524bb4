# a quoted newline and doubled quotes survive JSON
order-show -f q.csv -o json | order-show -f - -o csv
