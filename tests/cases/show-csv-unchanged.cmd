# the canonical CSV ledger comes out unchanged
order-show -f orders.csv -o csv
