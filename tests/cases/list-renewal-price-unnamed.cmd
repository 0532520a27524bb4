# the price without --for: refused, saying how to name its instance
ecs-list -f instances.json -f renewal-price.json
