# a cloud refund in another currency than the quote: a conflict
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes i-t4ntvbhuvivkglvfijrx >/dev/null 2>&1 && cp orders.csv before.csv && order-import -f orders.csv --yes refund-cny.json; echo "exit $?"; cmp orders.csv before.csv
