# a ledger made by --create in the format -i gives
order-import -f new.orders -i tsv --create --yes detail-new.json >/dev/null && cat new.orders
