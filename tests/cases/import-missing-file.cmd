# a ledger that is not there is an error naming --create, and nothing is made
order-import -f ordres.csv --yes detail-new.json; echo "exit $?"; ls -a | grep -c ordres
