# an order ID quotes every row of its instance, those before it too
refund-quote -f late.csv --at 2025-07-02T00:00:00Z 1003 && refund-quote -f - --at 2025-07-02T00:00:00Z 1003 <late.csv
