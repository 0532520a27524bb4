# the issue's pipeline: csv -> yaml -> json -> csv
order-show -f orders.csv -o yaml | order-show -f - -o json |
    order-show -f - -o csv
