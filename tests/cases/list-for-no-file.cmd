# --for before any -f: refused
ecs-list --for i-mj7xpau63mk1yo3r7ff5 -f renewal-price.json
