# a dry run of --create makes nothing, not even a lock
order-import -f new.csv --create -n detail-new.json; echo "exit $?"; ls -a | grep -c new.csv
