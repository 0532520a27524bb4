# --category
ecs-list -f instances.json --category gpu,high-clock -c name,category -o csv
