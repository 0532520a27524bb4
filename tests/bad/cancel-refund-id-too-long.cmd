order-cancel -f cancel-refund-id-too-long.csv --at 2025-06-15T00:00:00Z --yes 1
