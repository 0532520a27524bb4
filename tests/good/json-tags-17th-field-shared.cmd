order-show -f json-tags-17th-field-shared.json -o jsonl
