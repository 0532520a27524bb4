# --for on a file of no record: refused
ecs-list -f instances.json -f none.json --for i-mj7xpau63mk1yo3r7ff5
