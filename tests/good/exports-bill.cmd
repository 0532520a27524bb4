ecs-list -f exports-bill.json -o jsonl
