# --max: as many changes as allowed go through
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes --max 2 214017707302843 i-t4ntvbhuvivkglvfijrx -o csv
