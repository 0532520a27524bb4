ecs-list -f exports-available-charge-type.json -o csv
