# a plan that cannot be made as a file: why, and exit 2
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --plan nosuch/plan.yaml -o csv 214017707302843
