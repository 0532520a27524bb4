ecs-list -f exports-available-instances-pager.json -o jsonl
