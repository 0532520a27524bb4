# --expiring-within 3d: 2025-06-18T07:12Z is later
ecs-list -f instances.json --at 2025-06-15T00:00:00Z --expiring-within 3d -c name -o csv
