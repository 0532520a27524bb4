# refund-quote gives the yearly no-reason refund once in a run
refund-quote -f cn.csv --policy cn --at 2025-03-03T00:00:00Z -c instance_id,rule,refund_amount -o csv
