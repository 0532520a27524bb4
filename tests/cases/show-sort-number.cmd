# --sort numbers as numbers
order-show -f orders.csv --status Unpaid --sort paid_amount -c order_id,paid_amount -o csv
