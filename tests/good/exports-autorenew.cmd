ecs-list -f exports-autorenew.json -o jsonl
