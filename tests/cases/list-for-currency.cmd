# two prices of one instance in two currencies: refused, naming both
ecs-list -f instances.json -f renewal-price.json --for i-mj7xpau63mk1yo3r7ff5 -f price-cny.json --for i-mj7xpau63mk1yo3r7ff5
