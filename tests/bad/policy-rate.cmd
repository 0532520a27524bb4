refund-quote --policy policy-rate.yaml --print-policy
