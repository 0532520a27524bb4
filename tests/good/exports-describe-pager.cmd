ecs-list -f exports-describe-pager.json -o jsonl
