# unknown fields pass through every format
order-show -f extra.csv -o yaml | order-show -f - -o csv
