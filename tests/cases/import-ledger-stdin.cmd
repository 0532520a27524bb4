# the ledger is changed in place
order-import -f - --yes detail-new.json
