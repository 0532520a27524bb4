ecs-list -f names-list-json.json -w 'Hostname = web' -o csv
