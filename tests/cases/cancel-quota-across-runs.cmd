# cn: the no-reason refund once a year across runs, counting the Refund rows in the file
order-cancel -f cn.csv --policy cn --at 2025-03-03T00:00:00Z --yes N1 -c refund_rule -o csv &&
    order-cancel -f cn.csv --policy cn --at 2025-03-03T00:00:00Z --yes N2 -c refund_rule -o csv
