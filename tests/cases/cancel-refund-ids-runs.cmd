# three renewals refunded in three runs within one second: the ids in the file are kept clear of
order-cancel -f renewals.csv --at 2025-06-15T00:00:00Z --yes 2 -c api_call -o csv &&
    order-cancel -f renewals.csv --at 2025-06-15T00:00:00Z --yes 3 -c api_call -o csv &&
    order-cancel -f renewals.csv --at 2025-06-15T00:00:00Z --yes 4 -c api_call -o csv &&
    order-show -f renewals.csv -w 'order_type = Refund' -c order_id -o csv
