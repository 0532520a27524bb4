# --schedule --explain: the derivation at the first step and at each change
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --instances instances.json --schedule --until 2025-06-30T00:00:00Z --step 3d --explain i-t4ntvbhuvivkglvfijrx
