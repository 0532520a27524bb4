# -d ';' reads semicolon-separated files
order-show -f semi.csv -d ';' -o csv
