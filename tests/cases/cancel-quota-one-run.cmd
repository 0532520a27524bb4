# cn: the no-reason refund once a year, even within one run
order-cancel -f cn.csv --policy cn --at 2025-03-03T00:00:00Z --yes N1 N2 -c order_id,refund_amount,refund_rule -o csv
