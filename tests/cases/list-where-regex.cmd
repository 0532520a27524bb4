# --where ~ with a regex on Korean names
ecs-list -f instances.json -w 'name ~ ^(웹|결제)' -c name -o csv
