# a plan that cannot be written whole (a full disk): why, and exit 2
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --plan /dev/full -o csv 214017707302843
