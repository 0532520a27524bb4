# an instance the instances file lacks: refused
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes --instances few.csv i-t4ntvbhuvivkglvfijrx -c action,reason -o csv
