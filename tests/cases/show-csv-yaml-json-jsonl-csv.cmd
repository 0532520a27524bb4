# csv -> yaml -> json -> jsonl -> csv gives the same bytes
order-show -f orders.csv -o yaml | order-show -f - -o json |
    order-show -f - -o jsonl | order-show -f - -o csv
