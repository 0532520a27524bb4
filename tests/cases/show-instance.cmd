# --instance
order-show -f orders.csv --instance i-bp1nx8yanwl5xv1q2a4d -c order_id,order_type,status -o csv
