refund-quote -f quote-negative-amount.csv --at 2025-03-03T01:00:00Z
