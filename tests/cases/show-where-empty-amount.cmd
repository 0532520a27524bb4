# empty amounts never compare as numbers
order-show -f orders.csv -w 'voucher_amount > 0' -c order_id,voucher_amount -o csv
