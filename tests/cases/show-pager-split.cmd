# aliyun --pager of QueryOrders; every amount of an order of three instances shared to the cent
order-show -f orders-pager.json -c order_id,instance_id,paid_amount,AfterTaxAmount,PretaxAmountLocal,Tax,Quantity,currency
