#!/bin/sh
# Selecting records: the counts, and an error.  The cases with a fixed
# answer (shortcut filters, --where, IDs, stdin, --sort) are in
# tests/cases: show-* and list-*.
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/instances.json" .

run 'order-show -f orders.csv --status Unpaid,Cancelled -o csv | wc -l'
is "--status A,B: either" "$(tr -d ' ' <out)" 7

# --where
run "order-show -f orders.csv -w 'paid_amount >= 100000' -w 'currency = KRW' -c order_id -o csv | wc -l"
is "--where numbers, repeated --where ANDed" "$(tr -d ' ' <out)" 18

# IDs
run 'ecs-list -f instances.json --status Stopped --charge-type PrePaid -o csv | order-show -f orders.csv - --status Paid -o csv | wc -l'
is "- reads the records another command printed" "$(tr -d ' ' <out)" 12
run 'ecs-list -f instances.json --region ap-northeast-2 -o json | ecs-list -f instances.json - -c instance_id -o csv | wc -l'
is "- reads JSON records too" "$(tr -d ' ' <out)" 9
check "-f - and - together are refused" \
    'ecs-list -f - - </dev/null' 2 \
    "ecs-list: standard input cannot be both the file (-f -) and the list of IDs (-)
Try 'ecs-list --help' for more information."

# environment
run 'ECS_ORDERS=orders.csv order-show --status Unpaid -o csv | wc -l'
is "ECS_ORDERS is the default file" "$(tr -d ' ' <out)" 4
run 'ECS_INSTANCES=instances.json ecs-list --status Stopped -o csv | wc -l'
is "ECS_INSTANCES is the default file" "$(tr -d ' ' <out)" 7

done_testing
