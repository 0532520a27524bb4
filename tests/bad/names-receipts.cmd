order-cancel -f names-receipts.csv -n -c order_id,refund 1
