# DescribeInstances: aliases, MiB to GiB, tags, full times, derived fields
ecs-list -f instances.json -c instance_id,name,memory_gib,vpc_id,tags,created_at,family,category -o csv | sed -n 2,3p
