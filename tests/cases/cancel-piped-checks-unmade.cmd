# order-cancel says which checks it could not make
ecs-list -f instances.json -w 'os_name ~ Red Hat' -c instance_id,status |
    order-cancel -f orders.csv -n --force --at 2025-06-15T00:00:00Z - -c instance_id,action
