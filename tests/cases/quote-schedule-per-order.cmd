# --per-order does not go with --schedule
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --instances instances.json --schedule --per-order
