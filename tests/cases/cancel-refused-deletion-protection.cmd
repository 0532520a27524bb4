# deletion protection: refused, even with --force
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes --force --instances instances.json i-bp1rsdam6qylbskpgauo -c action,reason -o csv
