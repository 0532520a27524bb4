# an upgrade alone: refused
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 212910493112828 -c action,reason -o csv
