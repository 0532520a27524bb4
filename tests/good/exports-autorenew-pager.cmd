ecs-list -f exports-autorenew-pager.json -o jsonl
