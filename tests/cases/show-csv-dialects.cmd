# CRLF, BOM and needless quotes come out canonical
order-show -f crlf.csv -o csv
