ecs-list -f json-envelope-tags.json -o jsonl
