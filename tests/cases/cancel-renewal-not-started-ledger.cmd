# a renewal not started: its instance's other orders untouched
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 213998188603343 >/dev/null 2>&1 &&
    order-show -f orders.csv --instance i-t4nvj288nky3idb8i7vc -c status -o csv
