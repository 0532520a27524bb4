# quote columns (SPEC 5) and a reason column
refund-quote -f b.csv --at 2025-03-03T01:00:00Z -o csv
