order-cancel -f cancel-bad-time.csv --yes 1
