# three exports as one view: which servers renew themselves in the next two weeks
ecs-list -f instances.json -f autorenew.json -f available-instances.json --at 2025-06-15T00:00:00Z --where 'renew_status = AutoRenewal' --expiring-within 2w -c instance_id,name,expires_at,renew_status,renew_duration,renew_unit
