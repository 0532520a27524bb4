order-show -i json -f json-top-scalar.json -o csv
