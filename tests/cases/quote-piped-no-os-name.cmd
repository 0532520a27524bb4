# records piped without os_name: said for the instance
ecs-list -f instances.json -w 'os_name ~ Red Hat' -c instance_id,status |
    refund-quote -f orders.csv --at 2025-06-15T00:00:00Z - -c refund_amount
