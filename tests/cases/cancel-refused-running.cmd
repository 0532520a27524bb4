# Running: refused without --force
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes --instances instances.json i-t4ntvbhuvivkglvfijrx -c action,reason -o csv
