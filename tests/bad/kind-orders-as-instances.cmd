ecs-list -f kind-orders-as-instances.yaml -o csv
