order-cancel -f cancel-negative-voucher.csv --at 2025-03-03T01:00:00Z --yes i-a
