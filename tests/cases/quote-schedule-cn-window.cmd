# --schedule under cn: the day the no-reason window closes
refund-quote -f new.csv --policy cn --at 2025-06-15T00:00:00Z --schedule --step 1d --until 2025-06-21T00:00:00Z -o csv
