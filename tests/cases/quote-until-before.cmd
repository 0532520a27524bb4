# --until before --at is refused
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --instances instances.json --schedule --until 2025-06-01T00:00:00Z
