refund-quote -f quote-voucher-over-paid.csv --at 2025-03-03T01:00:00Z
