# Unpaid: cancelled, the file says Cancelled
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 214017707302843 >/dev/null &&
    order-show -f orders.csv 214017707302843 -c status -o csv
