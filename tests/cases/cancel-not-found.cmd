# not in the file: named, exit 1
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 999 -o csv
