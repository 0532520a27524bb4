order-cancel -f cancel-duplicate-key.yaml --yes 1
