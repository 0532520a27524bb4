# a cloud Refund order of no local refund is added as any order
order-import -f orders.csv --yes detail-refund.json && tail -n 1 orders.csv
