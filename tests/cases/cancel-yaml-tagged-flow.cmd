# a tagged {flow} record whose "}" starts a line: the refund fields go just after its "{"
order-cancel -f tagged.yaml --yes --at 2025-06-01T00:00:00Z i-a -c order_id,action,refund_amount >/dev/null 2>&1 && cat tagged.yaml
