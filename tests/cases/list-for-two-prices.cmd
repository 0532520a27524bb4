# two price files, each naming its instance, each price on its own instance
ecs-list -f instances.json -f renewal-price.json --for i-mj7xpau63mk1yo3r7ff5 -f price-cny.json --for i-bp1nx8yanwl5xv1q2a4d -w 'renew_price != ' -c instance_id,expires_at,renew_price,currency
