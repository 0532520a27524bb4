# the same quotes without --total: each quoted, no total added up
refund-quote -f big.csv --at 2025-06-15T00:00:00Z -c instance_id,cash_paid,refund_amount
