# 2025-04-27T23:58:09Z is on 2025-04-28 in Seoul: a date without offset is midnight in TZ
TZ=Asia/Seoul order-show -f orders.csv --since 2025-04-28 --until 2025-04-29 -c order_id -o csv
