# --schedule: the refund every three days, and the day x1.5 ends
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --instances instances.json --schedule --until 2025-06-30T00:00:00Z --step 3d -o csv i-t4ntvbhuvivkglvfijrx i-t4nvj288nky3idb8i7vc
