# a YAML ledger: diff shows only the changed values, the new fields and the Refund row
order-cancel -f orders.yaml --at 2025-06-15T00:00:00Z --yes 214017707302843 i-t4ntvbhuvivkglvfijrx >/dev/null 2>&1 &&
    diff "$EX/orders.yaml" orders.yaml | grep '^[<>]'
