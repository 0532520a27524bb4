# --per-order shows the derivation's numbers
refund-quote -f b.csv --at 2025-03-03T01:00:00Z --per-order -o csv
