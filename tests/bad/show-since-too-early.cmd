order-show -f show-since-too-early.csv --at 2025-06-15T00:00:00Z --since now-30000d
