# an order and its own instance both named: both found, one answer
order-cancel -f orders.csv -n --at 2025-06-15T00:00:00Z 213282255401857 i-bp1nx8yanwl5xv1q2a4d -c order_id,action
