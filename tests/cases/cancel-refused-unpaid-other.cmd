# an instance with another unpaid order: refused, naming it
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 212744675627236 -c action,reason -o csv
