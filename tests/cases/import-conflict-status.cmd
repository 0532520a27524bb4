# Paid here, Cancelled there: a conflict; Unpaid here, Cancelled there: updated
order-import -f orders.csv --yes export.csv
