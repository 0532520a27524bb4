ecs-list -f exports-describe-locks.json -o jsonl
