refund-quote -f quote-instance-id-space.csv
