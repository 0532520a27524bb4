# no_refund: that order is not refunded, the renewal is
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --per-order -c order_id,rule,refund_amount,reason -o csv i-mj75vuw4hubm4xh6anlv
