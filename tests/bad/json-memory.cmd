ecs-list -f json-memory.json -o csv
