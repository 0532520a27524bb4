# without an instances file the image rule cannot apply
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z -c rule -o csv i-t4nba2qnfpibc8uobpr5
