order-cancel -f cancel-bad-amount.csv --yes 1
