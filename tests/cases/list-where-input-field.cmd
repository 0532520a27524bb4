# a field of the input that is not canonical may be named
ecs-list -f instances.json -w 'HostName = WIN-BUILD' -c instance_id
