# a ledger made by --create: every order column from the start, in their order, the rows added
order-import -f new.csv --create --yes detail-new.json detail-paid.json >/dev/null && cat new.csv
