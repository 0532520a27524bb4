refund-quote --policy policy-malformed.yaml --print-policy
