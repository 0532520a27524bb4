# a script that cannot be written whole after the change: why, and exit 1, as a step after the change that failed
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes --script /dev/full -o csv 214017707302843 >/dev/null
