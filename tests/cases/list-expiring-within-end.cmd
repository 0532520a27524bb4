# --expiring-within 3d7h12m: the end is included
ecs-list -f instances.json --at 2025-06-15T00:00:00Z --expiring-within 3d7h12m -c name -o csv
