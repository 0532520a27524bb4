refund-quote --policy policy-rounding.yaml --print-policy
