order-cancel -f cancel-order-id-shell.csv --yes i-a
