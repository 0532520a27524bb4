# --policy wins over ECS_POLICY
ECS_POLICY=cn refund-quote -f b.csv --policy intl --at 2025-03-03T01:00:00Z -c policy -o csv
