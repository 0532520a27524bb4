# three renewals refunded alone in one run: three Refund rows, three ids
order-cancel -f renewals.csv --at 2025-06-15T00:00:00Z --yes 2 3 4 -c api_call -o csv &&
    refund-quote -f renewals.csv --at 2025-06-15T00:00:00Z -c refund_amount -o csv
