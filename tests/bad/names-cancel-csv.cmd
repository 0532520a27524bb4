order-cancel -f names-cancel-csv.csv -n -w 'order_typ != Renew' 1
