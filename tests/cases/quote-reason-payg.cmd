# pay-as-you-go: the order is named
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z -c rule,reason -o csv i-bp1v1j4545t5y0kthz5m
