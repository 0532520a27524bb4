order-cancel -f cancel-product-not-id.csv --yes 1
