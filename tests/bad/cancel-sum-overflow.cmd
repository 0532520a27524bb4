order-cancel -f cancel-sum-overflow.csv --at 2025-06-15T00:00:00Z --yes i-a
