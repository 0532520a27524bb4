# --status and --charge-type
ecs-list -f instances.json --status Stopped --charge-type PrePaid -c instance_id -o csv
