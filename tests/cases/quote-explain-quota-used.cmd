# past the quota the explanation says why
refund-quote -f used.csv --policy cn --at 2025-03-03T01:00:00Z --explain i-b | grep note
