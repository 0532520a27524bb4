printf 'order_id,instance_id\n1,i-a\n' > l.csv; refund-quote -f l.csv --instances instances-id-not-id.csv
