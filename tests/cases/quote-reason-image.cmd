# --instances: marketplace images are named
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z --instances instances.json -c rule,reason -o csv i-t4nba2qnfpibc8uobpr5 i-bp19gsadvzxt2pqwlghh
