# ten quotes whose cash_paid in KRW adds up past what an amount can hold: --total refuses, naming it
refund-quote -f big.csv --at 2025-06-15T00:00:00Z --total
