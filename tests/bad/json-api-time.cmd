ecs-list -f json-api-time.json -o csv
