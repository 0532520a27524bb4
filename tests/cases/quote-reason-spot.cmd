# ECS_INSTANCES: spot instances are named
ECS_INSTANCES=instances.json refund-quote -f orders.csv --at 2025-06-15T00:00:00Z -c rule,reason -o csv i-t4nutkwat5culu5whce6
