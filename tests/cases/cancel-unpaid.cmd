# Unpaid: cancelled, with the CancelOrder call
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 214017707302843 -o csv
