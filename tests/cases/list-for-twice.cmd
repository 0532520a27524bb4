# --for twice for one file: refused, naming both
ecs-list -f renewal-price.json --for i-mj7xpau63mk1yo3r7ff5 --for i-bp1nx8yanwl5xv1q2a4d
