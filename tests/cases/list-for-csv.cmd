# one record of a CSV file without instance_id, alone: its instance is a column too
ecs-list -f price.csv --for i-mj7xpau63mk1yo3r7ff5
