ecs-list -f csv-memory.csv -o csv
