# a file merged with another has each instance once
ecs-list -f instances.json -f autorenew-twice.json -c instance_id,renew_status
