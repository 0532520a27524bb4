# each ID not found is named
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z -c instance_id ID1 ID2
