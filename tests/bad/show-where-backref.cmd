order-show -f show-where-backref.csv -w 'instance_id ~ (a)\1'
