# a schedule of more than 10000 steps is refused
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --instances instances.json --schedule --step 1s --until 2025-06-16T00:00:00Z
