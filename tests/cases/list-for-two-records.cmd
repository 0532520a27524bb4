# --for on a file of more than one record: refused at the second
ecs-list -f instances.json -f prices.csv --for i-mj7xpau63mk1yo3r7ff5
