# --help starts with its usage
ecs-list --help | head -n 1 | cut -d' ' -f1-2
