# --explain: SPEC example B with a voucher, step by step
refund-quote -f b.csv --at 2025-03-03T01:00:00Z --explain
