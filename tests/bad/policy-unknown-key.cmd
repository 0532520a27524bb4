refund-quote --policy policy-unknown-key.yaml --print-policy
