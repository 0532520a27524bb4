ecs-list -f list-expiring-too-long.csv --expiring-within 106751991167300d
