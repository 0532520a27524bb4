ecs-list -f json-duplicate-tag-key.json -o csv
