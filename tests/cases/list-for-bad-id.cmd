# --for with what is no id: refused
ecs-list -f renewal-price.json --for 'i-bp1;rm'
