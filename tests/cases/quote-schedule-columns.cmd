# --schedule with -c and -w: only the steps that change
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --instances instances.json --schedule --step 10d --until 2025-07-05T00:00:00Z -c at,refund_amount,change -w 'change != ""' -o csv i-t4ntvbhuvivkglvfijrx
