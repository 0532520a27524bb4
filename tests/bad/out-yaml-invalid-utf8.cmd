order-show -f out-yaml-invalid-utf8.csv -o yaml
