order-cancel -f cancel-stray-quote.csv --yes 1
