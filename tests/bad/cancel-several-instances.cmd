order-cancel -f cancel-several-instances.csv --yes 1
