# --version
ecs-list --version
