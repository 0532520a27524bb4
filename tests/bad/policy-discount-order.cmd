refund-quote --policy policy-discount-order.yaml --print-policy
