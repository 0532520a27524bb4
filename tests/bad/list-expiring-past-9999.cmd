ecs-list -f list-expiring-past-9999.csv --at 2025-06-15T00:00:00Z --expiring-within 2932896d
