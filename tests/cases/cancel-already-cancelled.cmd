# already cancelled: nothing to do, exit 0
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 212263130225568 -c action,reason -o csv
