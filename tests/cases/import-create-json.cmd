# --create -i json: a JSON file is no ledger to change, exit 2
order-import -f orders.json -i json --create --yes detail-new.json
