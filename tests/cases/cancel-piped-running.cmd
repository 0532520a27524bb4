# order-cancel takes the piped status: Running is refused
ecs-list -f instances.json -w 'os_name ~ Red Hat' |
    order-cancel -f orders.csv -n --at 2025-06-15T00:00:00Z - -c instance_id,action,reason
