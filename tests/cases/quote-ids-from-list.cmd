# - takes the instances ecs-list printed (SPEC 1's pipeline), in ledger order
ecs-list -f instances.json --status Stopped --charge-type PrePaid -o csv |
    refund-quote -f orders.csv --at 2025-06-15T00:00:00Z - -c instance_id,refund_amount,currency -o csv
