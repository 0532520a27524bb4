#!/bin/sh
# refund-quote as a user runs it: the same quotes from every format, a
# policy printed and read back, and its errors.  Explanations, IDs,
# reasons and policies with a fixed answer are cases in tests/cases
# (quote-*).
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/orders.yaml" "$EX/instances.json" .
AT='--at 2025-06-15T00:00:00Z'

cat >b.csv <<'CSV'
order_id,instance_id,order_type,charge_type,status,created_at,period_start,period_end,gross_amount,paid_amount,voucher_amount,currency
B1,i-b,New,Subscription,Paid,2025-02-28T00:00:00Z,2025-03-01T00:00:00Z,2025-03-31T00:00:00Z,300.00,300.00,50.00,USD
CSV

# the same quote whatever the ledger's format
run "refund-quote -f orders.csv $AT -o csv"
cp out from-csv
run "refund-quote -f orders.yaml $AT -o csv"
same "the YAML ledger quotes the same" out from-csv
run "cat orders.csv | refund-quote -f - $AT -o csv"
same "a piped ledger quotes the same" out from-csv
run "order-show -f orders.csv -o json | refund-quote -f - $AT -o csv"
same "a JSON ledger quotes the same" out from-csv
is "every instance of the ledger is quoted without IDs" \
    "$(tail -n +2 from-csv | wc -l | tr -d ' ')" 26

# policies
run "refund-quote --print-policy --policy cn >cn.yaml &&
    refund-quote -f orders.csv $AT --policy cn -c instance_id,rule,refund_amount -o csv >a &&
    refund-quote -f orders.csv $AT --policy cn.yaml -c instance_id,rule,refund_amount -o csv >b &&
    cmp a b"
is "--print-policy writes what --policy FILE reads back: same quotes" "$status" 0
run "refund-quote --print-policy --policy cn.yaml | diff - cn.yaml"
is "... and prints it again the same" "$status:$(cat out)" "0:"

# errors
printf 'rounding: up\n' >bad-policy.yaml
check "a bad policy file: FILE:LINE:COL" 'refund-quote -f b.csv --policy bad-policy.yaml' 2 \
    'refund-quote: bad-policy.yaml:1:11: rounding must be half-up or half-even, not "up"'
check "a policy that is no file" 'refund-quote -f b.csv --policy china' 2 \
    'refund-quote: china: No such file or directory (a policy is intl, cn or a file)'
printf 'order_id,instance_id,status,paid_amount\n1,i-a,Paid,12,50\n' >bad-amount.csv
check "malformed input" 'refund-quote -f bad-amount.csv' 2 \
    'refund-quote: bad-amount.csv:2:15: row has 5 fields, the header has 4: "50"'
printf 'order_id,instance_id,status,paid_amount\n1,i-a,Paid,12;50\n' >bad-amount.csv
check "an amount that is not one" 'refund-quote -f bad-amount.csv' 2 \
    'refund-quote: bad-amount.csv:2:12: order 1: paid_amount "12;50" is not an amount'
printf 'order_id,instance_id,status,period_start\n1,i-a,Paid,2025-02-30\n' >bad-time.csv
check "a timestamp that is not one" 'refund-quote -f bad-time.csv' 2 \
    'refund-quote: bad-time.csv:2:12: order 1: period_start "2025-02-30" is not a timestamp'
check "an instances file given as the ledger" 'refund-quote -f instances.json' 2 \
    'refund-quote: instances.json: no record has order_id; is this an instances file?'
check "-c names a field quotes do not have" 'refund-quote -f b.csv -c instance_id,paid' 2 \
    "refund-quote: -c names \"paid\", which is not a field of the quotes
Try 'refund-quote --help' for more information."
check "a missing instances file" 'refund-quote -f b.csv --instances nowhere.json' 2 \
    'refund-quote: nowhere.json: No such file or directory'

done_testing
