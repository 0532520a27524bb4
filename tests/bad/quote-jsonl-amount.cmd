refund-quote -f quote-jsonl-amount.jsonl
