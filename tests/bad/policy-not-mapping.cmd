refund-quote --policy policy-not-mapping.yaml --print-policy
