# the no-reason refund explained
refund-quote -f b.csv --policy cn --at 2025-03-03T01:00:00Z --explain | sed -n 3p
