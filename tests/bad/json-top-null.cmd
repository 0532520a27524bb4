order-show -i json -f json-top-null.json -o csv
