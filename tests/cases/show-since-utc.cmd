# 2025-04-27T23:58:09Z is not on 2025-04-28 in UTC
order-show -f orders.csv --since 2025-04-28 --until 2025-04-29 -c order_id -o csv
