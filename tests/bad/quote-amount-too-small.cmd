refund-quote -f quote-amount-too-small.csv --at 2025-06-15T00:00:00Z
