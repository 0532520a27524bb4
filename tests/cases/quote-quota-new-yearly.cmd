# cn: a yearly new subscription gets the no-reason refund too
refund-quote -f cn.csv --policy cn --at 2025-03-03T00:00:00Z -c rule -o csv i-b
