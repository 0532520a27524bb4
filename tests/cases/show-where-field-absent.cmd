# a canonical field the file lacks is empty, not an error
order-show -f orders.csv -w 'refund_rule != ""' -c order_id
