# the price read from standard input, its instance named
ecs-list -f instances.json -f - --for i-mj7xpau63mk1yo3r7ff5 -c instance_id,expires_at,renew_price,currency i-mj7xpau63mk1yo3r7ff5 <renewal-price.json
