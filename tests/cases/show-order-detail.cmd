# GetOrderDetail: one row per instance, amounts split exactly
order-show -f order-detail.json -c order_id,instance_id,gross_amount,paid_amount,currency,created_at,period_start,period_end,status -o csv
