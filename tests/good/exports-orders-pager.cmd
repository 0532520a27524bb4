order-show -f exports-orders-pager.json -o jsonl
