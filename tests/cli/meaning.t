#!/bin/sh
# No silent wrong answers: ordinary mistakes that once gave a wrong answer
# with exit 0 (a value not of its field's type, a misspelt field or value,
# an export read in the wrong shape, a rule skipped without a word, two
# commands disagreeing on a refund) are errors or are said, each case as a
# user meets it on the bundled examples.  The answers that are not errors
# are cases in tests/cases (the rules skipped and said, the quota, IDs not
# found): what stays here are the errors and what compares two runs.
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/orders.yaml" "$EX/instances.json" .
cp orders.csv pristine.csv
AT='--at 2025-06-15T00:00:00Z'
HINT="Try 'order-show --help' for more information."
TIME='is not a time (a timestamp, or now±DURATION such as now-3d)'

# values of a typed field
for v in now-3days 'now - 3d' 3d 2025-06-31 2025/06/12; do
	check "created_at < $v: not a time, exit 2 before reading" \
	    "order-show -f orders.csv --status Unpaid $AT --where 'created_at < $v'" \
	    2 "order-show: --where 'created_at < $v': \"$v\" $TIME
$HINT" ""
done
check "paid_amount > 1,000: not an amount" \
    "order-show -f orders.csv --where 'paid_amount > 1,000'" 2 \
    "order-show: --where 'paid_amount > 1,000': \"1,000\" is not an amount (a decimal number such as 1000 or 12.50)
$HINT" ""
check "memory_gib >= lots: not a number" \
    "ecs-list -f instances.json --where 'memory_gib >= lots'" 2 \
    "ecs-list: --where 'memory_gib >= lots': \"lots\" is not a number (such as 4 or 0.5)
Try 'ecs-list --help' for more information." ""
check "cpu > 2.5: not a whole number" \
    "ecs-list -f instances.json --where 'cpu > 2.5'" 2 \
    "ecs-list: --where 'cpu > 2.5': \"2.5\" is not a whole number
Try 'ecs-list --help' for more information." ""
check "deletion_protection = yes: not true or false" \
    "ecs-list -f instances.json --where 'deletion_protection = yes'" 2 \
    "ecs-list: --where 'deletion_protection = yes': \"yes\" is not true or false
Try 'ecs-list --help' for more information." ""
check "an ordering of known values is refused" \
    "order-show -f orders.csv --where 'status >= Paid'" 2 \
    "order-show: --where 'status >= Paid': status is an order status: compare it with = or != (or ~), not >=
$HINT" ""
check "... and of identifiers" \
    "order-show -f orders.csv --where 'order_id > 210000000000000'" 2 \
    "order-show: --where 'order_id > 210000000000000': order_id is an identifier: compare it with = or != (or ~), not >
$HINT" ""
check "... and of true or false" \
    "ecs-list -f instances.json --where 'deletion_protection > false'" 2 \
    "ecs-list: --where 'deletion_protection > false': deletion_protection is true or false: compare it with = or != (or ~), not >
Try 'ecs-list --help' for more information." ""
check "--since takes a time too" \
    "order-show -f orders.csv --since yesterday" 2 \
    "order-show: --since \"yesterday\" $TIME
$HINT" ""
run "order-show -f orders.csv --status Unpaid $AT --where 'created_at < now-3days' |
    order-cancel -f orders.csv --yes $AT -"
same "piped into order-cancel --yes, a refused condition cancels nothing" \
    orders.csv pristine.csv
check "a field the toolkit does not know compares as before" \
    "order-show -f orders.csv --where 'note < 5' -c order_id" 2 \
    'order-show: orders.csv: --where names "note", which is neither an order field nor a column of this file' ""

# known values
check "--status Payed: not an order status, the nearest named" \
    "order-show -f orders.csv --status Payed" 2 \
    "order-show: --status \"Payed\" is not an order status (Unpaid, Paid, Cancelled, Refunded); did you mean Paid?
$HINT" ""
check "--where status = paid: the set's own spelling is asked for" \
    "order-show -f orders.csv --where 'status = paid'" 2 \
    "order-show: --where 'status = paid': \"paid\" is not an order status (Unpaid, Paid, Cancelled, Refunded); did you mean Paid?
$HINT" ""
check "--category gpuu: not a category" \
    "ecs-list -f instances.json --category gpuu" 2 \
    "ecs-list: --category \"gpuu\" is not a category (general-purpose, compute-optimized, memory-optimized, burstable, high-clock, big-data, local-ssd, gpu, bare-metal, other); did you mean gpu?
Try 'ecs-list --help' for more information." ""
check "--charge-type Subscription: that is an order's, not an instance's" \
    "ecs-list -f instances.json --charge-type Subscription" 2 \
    "ecs-list: --charge-type \"Subscription\" is not an instance charge type (PrePaid, PostPaid)
Try 'ecs-list --help' for more information." ""
check "--order-type each of a list is checked" \
    "order-show -f orders.csv --order-type New,Renwe" 2 \
    "order-show: --order-type \"Renwe\" is not an order type (New, Renew, Upgrade, TempUpgrade, Downgrade, Refund, Convert); did you mean Renew?
$HINT" ""

# field names, every command and format
check "order-cancel checks its --where field on a CSV ledger" \
    "order-cancel -f orders.csv -n -w 'order_typ != Renew' 212278398727493" 2 \
    'order-cancel: orders.csv: --where names "order_typ", which is neither an order field nor a column of this file; did you mean order_type?' ""
check "... and on a YAML ledger" \
    "order-cancel -f orders.yaml -n -w 'order_typ != Renew' 212278398727493" 2 \
    'order-cancel: orders.yaml: --where names "order_typ", which is neither an order field nor a field of its records; did you mean order_type?' ""
check "order-show checks fields on YAML from a pipe" \
    "cat orders.yaml | order-show -f - -w 'order_typ = New'" 2 \
    'order-show: <stdin>: --where names "order_typ", which is neither an order field nor a field of its records; did you mean order_type?' ""
check "ecs-list checks -c on JSON" \
    "ecs-list -f instances.json -c instance_id,hostname" 2 \
    'ecs-list: instances.json: -c names "hostname", which is neither an instance field nor a field of its records; did you mean HostName?' ""
check "refund-quote checks --where against the quotes" \
    "refund-quote -f orders.csv -w 'refund > 0'" 2 \
    "refund-quote: --where names \"refund\", which is not a field of the quotes
Try 'refund-quote --help' for more information." ""

# shapes and kinds of file
check "ecs-list -f orders.yaml: not instances" \
    "ecs-list -f orders.yaml" 2 \
    'ecs-list: orders.yaml:7: a record with order_id; is this an orders file?' ""
check "order-show -f instances.json: not orders" \
    "order-show -f instances.json" 2 \
    'order-show: instances.json: no record has order_id; is this an instances file?' ""
ecs-list -f instances.json -o yaml >instances.yaml
check "order-cancel -f instances.yaml: not a ledger" \
    "order-cancel -f instances.yaml --yes i-bp1nx8yanwl5xv1q2a4d" 2 \
    'order-cancel: instances.yaml: no record has order_id; is this an instances file?' ""
check "--instances orders.csv: not instances" \
    "refund-quote -f orders.csv --instances orders.csv" 2 \
    'refund-quote: orders.csv:2: a record with order_id; is this an orders file?' ""
check "records piped as IDs must name what they are about" \
    "ecs-list -f instances.json -o json -c name | order-show -f orders.csv -" 2 \
    'order-show: <stdin>: no record has order_id or instance_id' ""

# one quota, one answer
cat >cn.csv <<'CSV'
order_id,instance_id,order_type,charge_type,status,created_at,period_start,period_end,gross_amount,paid_amount,currency,product
N1,i-a,New,Subscription,Paid,2025-03-01T00:00:00Z,2025-03-01T00:00:00Z,2025-03-31T00:00:00Z,300.00,300.00,CNY,ecs
N2,i-b,New,Subscription,Paid,2025-03-01T00:00:00Z,2025-03-01T00:00:00Z,2026-03-01T00:00:00Z,3650.00,3650.00,CNY,ecs
N3,i-c,New,Subscription,Paid,2025-03-01T00:00:00Z,2025-03-01T00:00:00Z,2025-03-31T00:00:00Z,300.00,300.00,CNY,ecs
CSV
CN='--policy cn --at 2025-03-03T00:00:00Z'
run "refund-quote -f cn.csv $CN -c instance_id,refund_amount -o csv i-c i-b | tail -n +2 | sort"
cp out quoted
run "order-cancel -f cn.csv $CN -n -c instance_id,refund_amount -o csv i-c i-b 2>/dev/null | tail -n +2 | sort"
same "refund-quote gives the yearly no-reason refund to the instance order-cancel would give it, in the order of the IDs" \
    out quoted
is "... which is the first named, not the first in the ledger" \
    "$(grep i-c quoted)" "i-c,300.00"

done_testing
