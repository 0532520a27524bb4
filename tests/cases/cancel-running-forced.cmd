# Running with --force (instances from ECS_INSTANCES): done, checks made
ECS_INSTANCES=instances.json order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes --force i-t4ntvbhuvivkglvfijrx -c action -o csv
