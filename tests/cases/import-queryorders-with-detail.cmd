# an order both with its instances (GetOrderDetail) and without (QueryOrders): the first taken, the other refused
order-import -f orders.csv --yes detail-paid.json query-orders.json -c order_id,instance_id,action,reason
