# --where !~
ecs-list -f instances.json -w 'tags !~ env=prod' -w 'charge_type = PrePaid' -w 'status=Stopped' -c name -o csv
