order-cancel -f cancel-amount-too-large.csv --at 2025-06-15T00:00:00Z --yes i-a
