# --sort :desc
order-show -f orders.csv --status Unpaid --sort created_at:desc -c order_id -o csv
