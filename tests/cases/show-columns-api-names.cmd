# -c accepts API names and writes canonical ones
order-show -f orders.csv -c PaymentStatus,OrderId -o csv | head -n 1
