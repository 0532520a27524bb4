ecs-list -f exports-available-instances.json -o jsonl
