# --for on a file whose records name their instances: refused, not laid over them
ecs-list -f instances.json -f autorenew.json --for i-mj7xpau63mk1yo3r7ff5
