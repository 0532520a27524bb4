order-cancel -f cancel-time-out-of-range.csv --at 2025-06-15T00:00:00Z --yes i-a
