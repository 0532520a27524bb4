# each ID not found on standard input is named
printf 'ID1\nID2\n' | ecs-list -f instances.json -c instance_id -
