ecs-list -f shape-autorenew.json -o csv
