order-cancel -f cancel-yaml-amount.yaml --yes 1
