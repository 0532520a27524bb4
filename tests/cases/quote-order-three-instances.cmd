# a three-instance order quotes its three instances
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z -c instance_id -o csv 210586869267279
