order-show -f show-where-now-too-far.csv -w 'created_at < now+106751991167300d'
