# an instance that one file has and the other not is kept, with the fields it has
ecs-list -f autorenew.json -f available-instances.json -c instance_id,renew_status,renew_duration,billing_status,expires_at
