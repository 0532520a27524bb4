# a time two files write differently, one instant, agrees: kept as the first file has it
ecs-list -f instances.json -f owners.csv -c instance_id,expires_at,owner -w "owner != "
