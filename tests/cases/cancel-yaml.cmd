# a YAML ledger changes too
order-cancel -f orders.yaml --at 2025-06-15T00:00:00Z --yes 214017707302843 i-t4ntvbhuvivkglvfijrx -o csv
