# --where compares cpu as a number (20 > 8, though "20" < "8")
ecs-list -f instances.json -w 'cpu > 8' -c name,cpu -o csv
