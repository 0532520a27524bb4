# a --where may name a field only the exports have
order-import -f orders.csv -n -w "CommodityCode = ecs" detail-new.json detail-paid.json -c order_id,instance_id,action
