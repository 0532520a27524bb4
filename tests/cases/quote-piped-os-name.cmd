# ecs-list | refund-quote -: the piped os_name makes a Red Hat server not refundable
ecs-list -f instances.json -w 'os_name ~ Red Hat' |
    refund-quote -f orders.csv --at 2025-06-15T00:00:00Z - -c instance_id,rule,refund_amount
