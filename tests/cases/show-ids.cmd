# positional IDs match order ids and instance ids
order-show -f orders.csv 214017707302843 i-mj7cz95qjngs0f838efv -c order_id -o csv
