#!/bin/sh
# Reading and writing every format: what is counted or compared between
# two runs.  The cases with a fixed output (round trips, dialects, API
# exports, columns, tables) are in tests/cases: show-* and list-*.
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/instances.json" "$EX/order-detail.json" .

run 'order-show -f orders.csv -o jsonl | wc -l'
is "jsonl: one line per order" "$(tr -d ' ' <out)" 55

run 'order-show -f orders.csv -o json'
is "json: one array, an object a line" "$(head -c 1 out)$(tail -n 1 out)" "[]"

# API exports
run 'order-show -f order-detail.json -c order_id,instance_id,gross_amount,paid_amount,currency,period_start,period_end -o csv >ledger.csv &&
    order-show -f orders.csv 210586869267279 -c order_id,instance_id,gross_amount,paid_amount,currency,period_start,period_end -o csv'
same "the export converts to the same rows the ledger has" out ledger.csv

run 'ecs-list -f instances.json -o jsonl | wc -l'
is "all 26 instances come out of the envelope" "$(tr -d ' ' <out)" 26

# Columns without -c: from a file by a first pass, from a pipe by holding
run 'ecs-list -f instances.json -o csv'
cp out from-file.csv
run 'cat instances.json | ecs-list -f - -o csv'
same "YAML/JSON columns are the same read from a file or a pipe" out from-file.csv
is "the union of fields, then the derived ones" \
    "$(head -n 1 from-file.csv | cut -d, -f1-3),$(head -n 1 from-file.csv | tr , '\n' | tail -n 1)" \
    "created_at,cpu,deletion_protection,category"

done_testing
