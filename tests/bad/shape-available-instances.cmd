ecs-list -f shape-available-instances.json -o csv
