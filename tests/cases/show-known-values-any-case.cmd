# known values of a list still match any letter case
order-show -f orders.csv --status unpaid,PAID --order-type upgrade -c order_id
