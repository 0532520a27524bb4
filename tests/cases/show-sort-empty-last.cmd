# --sort puts empty values last
order-show -f orders.csv --sort voucher_amount:desc -c voucher_amount -o csv | sed -n 2,6p | tr "\n" " "
