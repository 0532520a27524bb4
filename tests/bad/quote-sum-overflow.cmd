refund-quote -f quote-sum-overflow.csv --at 2025-06-15T00:00:00Z
