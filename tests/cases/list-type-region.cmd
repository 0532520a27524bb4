# --type glob and --region
ecs-list -f instances.json --type 'ecs.c7.*' --region ap-southeast-1 -c name -o csv
