# a YAML ledger made by --create: a block list, as order-show -o yaml writes
order-import -f new.yml --create --yes detail-new.json >/dev/null && cat new.yml
