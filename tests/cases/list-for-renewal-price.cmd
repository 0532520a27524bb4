# DescribeRenewalPrice's answer, its instance named with --for, merged into that instance's record
ecs-list -f instances.json -f renewal-price.json --for i-mj7xpau63mk1yo3r7ff5 -c instance_id,name,expires_at,renew_list_price,renew_discount,renew_price,currency i-mj7xpau63mk1yo3r7ff5
