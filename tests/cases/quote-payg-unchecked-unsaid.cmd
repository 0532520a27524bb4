# nothing is said when no rule could change the refund (pay-as-you-go)
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z i-bp1v1j4545t5y0kthz5m -c refund_amount
