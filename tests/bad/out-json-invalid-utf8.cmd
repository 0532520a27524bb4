order-show -f out-json-invalid-utf8.csv -o json
