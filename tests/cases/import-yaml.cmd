# rows appended to a YAML ledger in the style of its records
order-import -f orders.yaml --yes detail-new.json && tail -n 36 orders.yaml
