# --best: waiting for the coefficient to end returns more; a falling refund is best today
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --instances instances.json --best -o csv i-t4ntvbhuvivkglvfijrx i-t4nvj288nky3idb8i7vc
