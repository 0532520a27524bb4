# --help exits 0
ecs-list --help >/dev/null
