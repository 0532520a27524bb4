refund-quote -f names-quote.csv -w 'refund > 0' 1
