# a quoted newline and doubled quotes survive YAML
order-show -f q.csv -o yaml | order-show -f - -o csv
