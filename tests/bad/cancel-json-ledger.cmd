order-cancel -f cancel-json-ledger.json --yes 1
