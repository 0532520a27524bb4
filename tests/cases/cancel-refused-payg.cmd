# pay-as-you-go: refused
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 211045349536217 -c action,reason -o csv
