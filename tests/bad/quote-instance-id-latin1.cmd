refund-quote -f quote-instance-id-latin1.csv
