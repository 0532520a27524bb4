ecs-list -f exports-renewal-price.json -o csv
