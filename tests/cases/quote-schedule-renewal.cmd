# --schedule: a renewal starts, the order before it is used up
refund-quote -f orders.csv --at 2025-08-01T00:00:00Z --instances instances.json --schedule --until 2025-08-20T00:00:00Z --step 1d -c at,rule,refund_amount,change -w 'change != ""' -o csv i-t4nvj288nky3idb8i7vc
