# table of nothing is its header
ecs-list -f instances.json -c name -o table --region nowhere
