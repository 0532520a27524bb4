refund-quote --policy policy-duplicate-key.yaml --print-policy
