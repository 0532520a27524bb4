ecs-list -f exports-bill-pager.json -o jsonl
