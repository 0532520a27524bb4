# - takes the orders order-show printed; unpaid orders block a refund
order-show -f orders.csv --status Unpaid -o csv | refund-quote -f orders.csv --at 2025-06-15T00:00:00Z - -c instance_id,rule,reason -o csv
