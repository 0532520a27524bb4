# tsv round trip
order-show -f orders.csv -o tsv | order-show -f - -i tsv -o csv
