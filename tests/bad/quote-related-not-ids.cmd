refund-quote -f quote-related-not-ids.csv
