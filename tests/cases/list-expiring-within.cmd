# --expiring-within
ecs-list -f instances.json --at 2025-06-15T00:00:00Z --expiring-within 4w -c name,expires_at -o csv
