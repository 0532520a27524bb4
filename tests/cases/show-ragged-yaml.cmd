# records that differ: union of fields in order of first appearance
order-show -f ragged.yaml -o csv
