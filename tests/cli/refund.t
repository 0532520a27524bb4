#!/bin/sh
# refund-quote as a user runs it: explanations, IDs, policies, formats,
# the instances file, and its errors.
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/orders.yaml" "$EX/instances.json" .
AT='--at 2025-06-15T00:00:00Z'
UNCHECKED='refund-quote: no instances file (--instances or ECS_INSTANCES) and no instance records on standard input: the image and spot rules were not checked'

cat >b.csv <<'CSV'
order_id,instance_id,order_type,charge_type,status,created_at,period_start,period_end,gross_amount,paid_amount,voucher_amount,currency
B1,i-b,New,Subscription,Paid,2025-02-28T00:00:00Z,2025-03-01T00:00:00Z,2025-03-31T00:00:00Z,300.00,300.00,50.00,USD
CSV

check "--explain: SPEC example B with a voucher, step by step" \
    'refund-quote -f b.csv --at 2025-03-03T01:00:00Z --explain' 0 "$UNCHECKED" \
"instance i-b, policy intl, at 2025-03-03T01:00:00Z
  order B1 (New, 2025-03-01T00:00:00Z → 2025-03-31T00:00:00Z): partial
    usage 3 days (2025-03-01T00:00:00Z → 2025-03-03T01:00:00Z, started days count whole)
    daily list price 300.00 / 30 days
    discount 1.00 (< 365 days)
    coefficient 1.5 (used < 30 days)
    consumed 45.00 (300.00 × 3 / 30 × 1.00 × 1.5, rounded half-up)
    cash paid 250.00 (300.00 − voucher 50.00, never refunded)
    refund 205.00 (250.00 − 45.00)
  total: cash paid 250.00, consumed 45.00, refund 205.00 USD"

check "quote columns (SPEC 5) and a reason column" \
    'refund-quote -f b.csv --at 2025-03-03T01:00:00Z -o csv' 0 "$UNCHECKED" \
"instance_id,order_ids,rule,cash_paid,consumed,refund_amount,currency,at,policy,reason
i-b,B1,partial,250.00,45.00,205.00,USD,2025-03-03T01:00:00Z,intl,"

check "--per-order shows the derivation's numbers" \
    'refund-quote -f b.csv --at 2025-03-03T01:00:00Z --per-order -o csv' 0 "$UNCHECKED" \
"order_id,instance_id,order_type,rule,period_start,period_end,usage_days,order_days,discount,coefficient,cash_paid,consumed,refund_amount,currency,at,policy,reason
B1,i-b,New,partial,2025-03-01T00:00:00Z,2025-03-31T00:00:00Z,3,30,1.00,1.5,250.00,45.00,205.00,USD,2025-03-03T01:00:00Z,intl,"

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

# IDs
run "refund-quote -f orders.csv $AT -c instance_id,refund_amount,currency -o csv 213998188603343"
is "an order id quotes its instance" "$(cat out)" \
"instance_id,refund_amount,currency
i-t4nvj288nky3idb8i7vc,1024.11,USD"
run "refund-quote -f orders.csv $AT -c instance_id -o csv 210586869267279"
is "a three-instance order quotes its three instances" "$(tail -n +2 out | tr '\n' ' ')" \
    "i-t4nvj288nky3idb8i7vc i-t4nrf746re1716astqfl i-t4nvv5mw4xkqhzrwptyr "
check "unknown IDs are named, exit 1" \
    "refund-quote -f orders.csv $AT -c instance_id -o csv i-t4nvj288nky3idb8i7vc i-nowhere" 1 \
    "$UNCHECKED
refund-quote: i-nowhere: not found" "instance_id
i-t4nvj288nky3idb8i7vc"
run "ecs-list -f instances.json --status Stopped --charge-type PrePaid -o csv |
    refund-quote -f orders.csv $AT - -c instance_id,refund_amount,currency -o csv"
is "- takes the instances ecs-list printed (SPEC 1's pipeline), in ledger order" "$(cat out)" \
"instance_id,refund_amount,currency
i-mj7ugukog2ze41yp4jjt,288863,KRW
i-t4nm291flm4xbyo6uibp,2065.73,USD
i-mj71caxkygikgtlcrp6a,3358726,KRW
i-bp18sf25jwsrim28hyjh,1884.82,CNY
i-bp1y94r5kzucwk218dt5,621.74,CNY"
run "order-show -f orders.csv --status Unpaid -o csv | refund-quote -f orders.csv $AT - -c instance_id,rule,reason -o csv"
is "- takes the orders order-show printed; unpaid orders block a refund" "$(cat out)" \
"instance_id,rule,reason
i-mj7xpau63mk1yo3r7ff5,not-refundable,order 214034522306845 of this instance is unpaid: cancel it first
i-mj7cz95qjngs0f838efv,not-refundable,order 214041204538080 of this instance is unpaid: cancel it first
i-bp1nx8yanwl5xv1q2a4d,not-refundable,order 214017707302843 of this instance is unpaid: cancel it first"

# reasons name what is responsible
run "refund-quote -f orders.csv $AT -c rule,reason -o csv i-bp1v1j4545t5y0kthz5m"
is "pay-as-you-go: the order is named" "$(tail -n 1 out)" \
    "not-refundable,order 211045349536217 is pay-as-you-go (charge_type PayAsYouGo): nothing to refund; release the instance instead"
run "refund-quote -f orders.csv $AT --per-order -c order_id,rule,refund_amount,reason -o csv i-mj75vuw4hubm4xh6anlv"
is "no_refund: that order is not refunded, the renewal is" "$(cat out)" \
"order_id,rule,refund_amount,reason
213705146319039,not-refundable,0,order 213705146319039 was bought under a no-refund promotion (no_refund: true)
213937917867537,partial,554109,"
run "refund-quote -f orders.csv $AT --instances instances.json -c rule,reason -o csv i-t4nba2qnfpibc8uobpr5 i-bp19gsadvzxt2pqwlghh"
is "--instances: marketplace images are named" "$(cat out)" \
'rule,reason
not-refundable,"its image is not refunded (os_name ""Red Hat Enterprise Linux 8.6 64 bit"" is Red Hat)"
not-refundable,"its image is not refunded (os_name ""SUSE Linux Enterprise Server 15 SP4 64 bit"" is SUSE)"'
run "ECS_INSTANCES=instances.json refund-quote -f orders.csv $AT -c rule,reason -o csv i-t4nutkwat5culu5whce6"
is "ECS_INSTANCES: spot instances are named" "$(tail -n 1 out)" \
    "not-refundable,a spot instance (spot_strategy SpotAsPriceGo) is not refunded"
run "refund-quote -f orders.csv $AT -c rule -o csv i-t4nba2qnfpibc8uobpr5"
is "without an instances file the image rule cannot apply" "$(tail -n 1 out)" \
    "partial+used-up"

# policies
run "refund-quote --print-policy --policy cn >cn.yaml &&
    refund-quote -f orders.csv $AT --policy cn -c instance_id,rule,refund_amount -o csv >a &&
    refund-quote -f orders.csv $AT --policy cn.yaml -c instance_id,rule,refund_amount -o csv >b &&
    cmp a b"
is "--print-policy writes what --policy FILE reads back: same quotes" "$status" 0
run "refund-quote --print-policy --policy cn.yaml | diff - cn.yaml"
is "... and prints it again the same" "$status:$(cat out)" "0:"
run "ECS_POLICY=cn refund-quote -f b.csv --at 2025-03-03T01:00:00Z -c policy,rule,refund_amount -o csv"
is "ECS_POLICY chooses the policy" "$(tail -n 1 out)" "cn,no-reason,250.00"
run "ECS_POLICY=cn refund-quote -f b.csv --policy intl --at 2025-03-03T01:00:00Z -c policy -o csv"
is "--policy wins over ECS_POLICY" "$(tail -n 1 out)" "intl"
run "refund-quote -f b.csv --policy cn --at 2025-03-03T01:00:00Z --explain"
is "the no-reason refund explained" "$(sed -n 3p out)" \
    "    five-day no-reason refund: created 2025-02-28T00:00:00Z, within 120 h; the cash paid comes back in full"
{ head -n 1 b.csv | sed 's/$/,refund_rule/'
  echo 'R1,i-z,Refund,,Refunded,2025-01-10T00:00:00Z,,,,-99.00,,USD,no-reason'
  tail -n +2 b.csv | sed 's/$/,/'; } >used.csv
run "refund-quote -f used.csv --policy cn --at 2025-03-03T01:00:00Z --explain i-b | grep note"
is "past the quota the explanation says why" "$(cat out)" \
    "    note: the no-reason refund is used up for 2025 (Refund row R1): the partial rule applies"

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
run 'refund-quote --help'
is "--help" "$status:$(head -n 1 out)" \
    "0:Usage: refund-quote [-f FILE] [OPTION]... [ORDER_ID | INSTANCE_ID]... [-]"

done_testing
