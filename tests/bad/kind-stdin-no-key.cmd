printf 'order_id,instance_id\\n1,i-a\\n' >l.csv; order-show -f l.csv - <kind-stdin-no-key.json
