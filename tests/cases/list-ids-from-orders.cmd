# - takes instance ids from order records for ecs-list
order-show -f orders.csv --status Unpaid -o csv | ecs-list -f instances.json - -c name -o csv
