# a field two files disagree on stops the run, naming both places
ecs-list -f instances.json -f available-instances.json -f autorenew-off.json -c instance_id,renew_status
