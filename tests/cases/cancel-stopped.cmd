# a Stopped instance goes through
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes --instances instances.json i-bp18sf25jwsrim28hyjh -c action -o csv
