# --best --explain: the derivation at the best step
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --instances instances.json --best --explain i-t4ntvbhuvivkglvfijrx
