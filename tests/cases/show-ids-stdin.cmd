# - reads IDs a line, comments and blanks skipped
printf '214017707302843\n# a comment\n\n  214034522306845  \n' | order-show -f orders.csv - -c order_id -o csv
