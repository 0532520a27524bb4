# --create with a name that tells no format, and no -i: exit 2, nothing made
order-import -f orders.dat --create --yes detail-new.json; echo "exit $?"; ls -a | grep -c orders.dat
