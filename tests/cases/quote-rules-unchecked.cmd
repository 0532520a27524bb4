# without the instance records, the skipped rules are said
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z i-bp19gsadvzxt2pqwlghh -c refund_amount
