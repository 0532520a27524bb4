order-cancel -f cancel-at-out-of-range.csv --at @-99999999999999 --yes 1
