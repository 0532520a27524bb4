# derived fields may be named with CSV input
ecs-list -f instances.json -o csv | ecs-list -f - --category gpu -c name
