#!/usr/bin/env python3
# Whether CSV files are rectangular, as Python's csv module reads them:
# every row (a blank line is none) has as many fields as the header.
# Each row that has not is said on standard output as FILE:ROW: what;
# exit 1 if any has not, 0 if all are.
import csv
import sys

bad = 0
for path in sys.argv[1:]:
    with open(path, newline='', encoding='utf-8-sig') as f:
        rows = [r for r in csv.reader(f) if r]
    for i, r in enumerate(rows[1:], 2):
        if len(r) != len(rows[0]):
            print('%s:%d: %d fields, the header has %d' %
                  (path, i, len(r), len(rows[0])))
            bad = 1
sys.exit(bad)
