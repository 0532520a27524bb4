# a file that is not there is said to be missing, even when -w names a field only a file could have
order-cancel -f nosuch.csv -w "foo = 1" -n --at 2025-06-15T00:00:00Z 214017707302843
