ecs-list -f shape-describe-disks.json -o csv
