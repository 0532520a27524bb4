#!/bin/sh
# order-cancel: every row of SPEC 4's state table, the safety rules, and
# what the file, the journal and the receipts hold afterwards.
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/orders.yaml" "$EX/instances.json" .
cp orders.csv pristine.csv
AT='--at 2025-06-15T00:00:00Z'
COLS=order_id,instance_id,action,status_before,status_after,refund_amount,currency,refund_rule,reason
fresh() { cp pristine.csv orders.csv; rm -f orders.csv.journal; }

# the state table
fresh
check "Unpaid: cancelled, with the CancelOrder call" \
    "order-cancel -f orders.csv $AT --yes 214017707302843 -o csv" 0 \
    "" "order_id,instance_id,action,status_before,status_after,refund_amount,currency,refund_rule,reason,api_call
214017707302843,i-bp1nx8yanwl5xv1q2a4d,cancel,Unpaid,Cancelled,,CNY,,,aliyun bssopenapi CancelOrder --OrderId 214017707302843"
is "... and the file says Cancelled" \
    "$(order-show -f orders.csv 214017707302843 -c status -o csv | tail -n 1)" Cancelled

fresh
check "Paid subscription: the whole instance is unsubscribed" \
    "order-cancel -f orders.csv $AT --yes i-t4nrf746re1716astqfl -c $COLS -o csv" 0 \
    "order-cancel: no instances file (--instances or ECS_INSTANCES) and no instance records on standard input: deletion protection, the Running status and the image and spot rules were not checked
order-cancel: orders.csv: added the column refund_rule to its header
order-cancel: orders.csv: added the column refund_amount to its header
order-cancel: orders.csv: added the column refunded_at to its header" \
"order_id,instance_id,action,status_before,status_after,refund_amount,currency,refund_rule,reason
210586869267279,i-t4nrf746re1716astqfl,refund,Paid,Refunded,0.00,USD,used-up,
211338024125862,i-t4nrf746re1716astqfl,refund,Paid,Refunded,4.11,USD,partial,"
is "... its rows say Refunded, with rule, amount and time" \
    "$(order-show -f orders.csv --instance i-t4nrf746re1716astqfl -c order_id,order_type,status,refund_rule,refund_amount,refunded_at,related_order_id,paid_amount -o csv)" \
"order_id,order_type,status,refund_rule,refund_amount,refunded_at,related_order_id,paid_amount
210586869267279,New,Refunded,used-up,0.00,2025-06-15T00:00:00Z,,300.00
211338024125862,Renew,Refunded,partial,4.11,2025-06-15T00:00:00Z,210586869267279,1020.00
Ri-t4nrf746re1716astqfl20250615000000,Refund,Refunded,used-up+partial,,,210586869267279;211338024125862,-4.11"
run "order-cancel -f orders.csv $AT --yes i-t4nrf746re1716astqfl -c $COLS -o csv"
is "re-running is a no-op that says so, exit 0" "$status:$(tail -n +2 out)" \
"0:210586869267279,i-t4nrf746re1716astqfl,none,Refunded,Refunded,,USD,,already refunded
211338024125862,i-t4nrf746re1716astqfl,none,Refunded,Refunded,,USD,,already refunded"

fresh
run "refund-quote -f orders.csv $AT --per-order -c order_id,refund_amount,rule -o csv i-t4nvv5mw4xkqhzrwptyr i-t4ntvbhuvivkglvfijrx | tail -n +2 | sort"
cp out quoted
run "order-cancel -f orders.csv $AT --yes i-t4nvv5mw4xkqhzrwptyr i-t4ntvbhuvivkglvfijrx -c order_id,refund_amount,refund_rule -o csv | tail -n +2 | sort"
same "the refund written is refund-quote's for the same file, policy and --at" out quoted
run "order-show -f orders.csv --status Refunded -w 'order_type != Refund' -c order_id,refund_amount,refund_rule -o csv | tail -n +2 | sort"
same "... and so is what the file records" out quoted

fresh
check "a renewal not started: refunded alone, in full" \
    "order-cancel -f orders.csv $AT --yes 213998188603343 -c $COLS -o csv 2>/dev/null" 0 "" \
"order_id,instance_id,action,status_before,status_after,refund_amount,currency,refund_rule,reason
213998188603343,i-t4nvj288nky3idb8i7vc,refund,Paid,Refunded,1020.00,USD,not-started,"
is "... its instance's other orders untouched" \
    "$(order-show -f orders.csv --instance i-t4nvj288nky3idb8i7vc -c status -o csv | tail -n +2 | tr '\n' ' ')" \
    "Paid Paid Refunded Refunded "

fresh
check "an upgrade alone: refused" \
    "order-cancel -f orders.csv $AT --yes 212910493112828 -c action,reason -o csv" 1 "" \
"action,reason
refused,an upgrade is refunded only with its instance: give the instance or its New order"
check "pay-as-you-go: refused" \
    "order-cancel -f orders.csv $AT --yes 211045349536217 -c action,reason -o csv" 1 "" \
"action,reason
refused,pay-as-you-go: nothing to refund; release the instance instead"
check "an instance with another unpaid order: refused, naming it" \
    "order-cancel -f orders.csv $AT --yes 212744675627236 -c action,reason -o csv" 1 "" \
"action,reason
refused,order 214034522306845 of this instance is unpaid: cancel it first"
check "already cancelled: nothing to do, exit 0" \
    "order-cancel -f orders.csv $AT --yes 212263130225568 -c action,reason -o csv" 0 "" \
"action,reason
none,already cancelled"
check "not in the file: named, exit 1" \
    "order-cancel -f orders.csv $AT --yes 999 -o csv" 1 "order-cancel: 999: not found" \
"order_id,instance_id,action,status_before,status_after,refund_amount,currency,refund_rule,reason,api_call"
same "refusals and no-ops change nothing" orders.csv pristine.csv
is "... and write no journal" "$(test -e orders.csv.journal && echo yes || echo no)" no
check "some done, some refused: exit 1" \
    "order-cancel -f orders.csv $AT --yes 214017707302843 212910493112828 -c order_id,action -o csv" 1 "" \
"order_id,action
214017707302843,cancel
212910493112828,refused"

# the journal
fresh
run "order-cancel -f orders.csv $AT --yes 214017707302843 i-t4ntvbhuvivkglvfijrx -o csv 2>/dev/null"
is "one journal line per change (two orders, one Refund row), and one more saying it landed" \
    "$(wc -l <orders.csv.journal | tr -d ' '):$(grep -c '"state":"intent"' orders.csv.journal):$(grep -c '"state":"landed"' orders.csv.journal)" 6:3:3
is "journal lines hold SPEC 4's fields" \
    "$(order-show -f orders.csv.journal -w 'state = landed' -c order_id,instance_id,before,after,refund_amount,currency,refund_rule,policy -o csv)" \
"order_id,instance_id,before,after,refund_amount,currency,refund_rule,policy
214017707302843,i-bp1nx8yanwl5xv1q2a4d,Unpaid,Cancelled,,CNY,,intl
213871736315921,i-t4ntvbhuvivkglvfijrx,Paid,Refunded,87.06,USD,partial,intl
Ri-t4ntvbhuvivkglvfijrx20250615000000,i-t4ntvbhuvivkglvfijrx,,Refunded,87.06,USD,partial,intl"
is "... and who, where and when" \
    "$(order-show -f orders.csv.journal -c user,host,time -o csv | sed -n 2p | awk -F, '{ print ($1 != "" && $2 != "" && $3 ~ /^20[0-9-]*T[0-9:]*Z$/) }')" 1

# safety
fresh
run "order-cancel -f orders.csv $AT --dry-run 214017707302843 i-t4ntvbhuvivkglvfijrx -o csv"
cp out dry
same "--dry-run changes nothing" orders.csv pristine.csv
is "... and never asks: no terminal, no --yes, still exit 0" "$status" 0
run "order-cancel -f orders.csv $AT --yes 214017707302843 i-t4ntvbhuvivkglvfijrx -o csv"
same "the real run does exactly what the dry run showed" out dry
fresh
check "without a terminal and without --yes: refused, nothing changed" \
    "echo 214017707302843 | order-cancel -f orders.csv $AT -" 2 \
    "order-cancel: standard input is not a terminal: give --yes to change orders.csv, or --dry-run to see the plan; nothing changed"
same "... the file is as it was" orders.csv pristine.csv
if command -v script >/dev/null 2>&1; then
	run "printf 'n\n' | script -qec 'order-cancel -f orders.csv $AT 214017707302843 -o csv' /dev/null"
	is "on a terminal, answering n changes nothing (exit 1)" "$status" 1
	same "... the file is as it was" orders.csv pristine.csv
	run "printf 'y\n' | script -qec 'order-cancel -f orders.csv $AT 214017707302843 -o csv' /dev/null"
	is "on a terminal, y applies the plan" "$status:$(grep -c 'change 1 order in orders.csv? \[y/N\]' out)" 0:1
	is "... and the order is cancelled" \
	    "$(order-show -f orders.csv 214017707302843 -c status -o csv | tail -n 1)" Cancelled
else
	skip "the y/N prompt on a terminal" "script(1) is not installed"
fi
fresh
check "--max: more changes than allowed refuses the whole run" \
    "order-cancel -f orders.csv $AT --yes --max 1 214017707302843 i-t4ntvbhuvivkglvfijrx" 2 \
    "order-cancel: 2 orders would change, more than --max 1; nothing changed"
same "... nothing changed" orders.csv pristine.csv
run "order-cancel -f orders.csv $AT --yes --max 2 214017707302843 i-t4ntvbhuvivkglvfijrx -o csv"
is "... as many as allowed go through" "$status" 0

fresh
run "order-cancel -f orders.csv $AT --yes --force --instances instances.json i-bp1rsdam6qylbskpgauo -c action,reason -o csv"
is "deletion protection: refused, even with --force" "$status:$(tail -n 1 out)" \
    '1:refused,i-bp1rsdam6qylbskpgauo has deletion protection on: it is never unsubscribed here'
run "order-cancel -f orders.csv $AT --yes --instances instances.json i-t4ntvbhuvivkglvfijrx -c action,reason -o csv"
is "Running: refused without --force" "$status:$(tail -n 1 out)" \
    '1:refused,"i-t4ntvbhuvivkglvfijrx is Running: make sure no live business runs on it, stop it, or give --force"'
same "... nothing changed" orders.csv pristine.csv
run "ECS_INSTANCES=instances.json order-cancel -f orders.csv $AT --yes --force i-t4ntvbhuvivkglvfijrx -c action -o csv"
is "Running with --force (instances from ECS_INSTANCES): done, checks made" \
    "$status:$(tail -n 1 out):$(grep -c 'not checked' err)" "0:refund:0"
fresh
run "order-cancel -f orders.csv $AT --yes --instances instances.json i-bp18sf25jwsrim28hyjh -c action -o csv"
is "a Stopped instance goes through" "$status:$(tail -n 1 out)" "0:refund"
printf 'instance_id,status\ni-other,Stopped\n' >few.csv
run "order-cancel -f orders.csv $AT --yes --instances few.csv i-t4ntvbhuvivkglvfijrx -c action,reason -o csv"
is "an instance the instances file lacks: refused" "$status:$(tail -n 1 out)" \
    '1:refused,i-t4ntvbhuvivkglvfijrx is not in the instances file: its deletion protection and status cannot be checked (--force to go on)'

# the cron example of SPEC 1
fresh
run "order-show -f orders.csv --status Unpaid --where 'created_at < now-3d' $AT |
    order-cancel -f orders.csv --yes $AT - -c order_id,action -o csv"
is "order-show | order-cancel --yes -: the cron job" "$status:$(tail -n +2 out)" \
    "0:214017707302843,cancel"

# YAML
cp "$EX/orders.yaml" orders.yaml
cp orders.yaml pristine.yaml
run "order-cancel -f orders.yaml $AT --yes 214017707302843 i-t4ntvbhuvivkglvfijrx -o csv 2>/dev/null"
is "a YAML ledger changes too" "$status" 0
run "diff pristine.yaml orders.yaml | grep '^[<>]'"
is "... diff shows only the changed values, the new fields and the Refund row" \
    "$(cat out)" \
"<     status: Paid
>     status: Refunded
>     refund_rule: partial
>     refund_amount: '87.06'
>     refunded_at: '2025-06-15T00:00:00Z'
<     status: Unpaid
>     status: Cancelled
>   - order_id: Ri-t4ntvbhuvivkglvfijrx20250615000000
>     instance_id: i-t4ntvbhuvivkglvfijrx
>     related_order_id: '213871736315921'
>     product: ecs
>     order_type: Refund
>     status: Refunded
>     created_at: '2025-06-15T00:00:00Z'
>     paid_amount: '-87.06'
>     currency: USD
>     region: ap-southeast-1
>     refund_rule: partial"
run "order-show -f orders.yaml -o csv | order-show -f - -c order_id,status,refund_amount -w 'status != Paid' -o csv"
is "... and reads back: 3 changed or added, 5 that were not Paid, a header" \
    "$(grep -c . out)" 9

# the cn quota counts the Refund rows order-cancel wrote
cat >cn.csv <<'CSV'
order_id,instance_id,order_type,charge_type,status,created_at,period_start,period_end,gross_amount,paid_amount,currency,product
N1,i-a,New,Subscription,Paid,2025-03-01T00:00:00Z,2025-03-01T00:00:00Z,2025-03-31T00:00:00Z,300.00,300.00,CNY,ecs
N2,i-b,New,Subscription,Paid,2025-03-01T00:00:00Z,2025-03-01T00:00:00Z,2025-03-31T00:00:00Z,300.00,300.00,CNY,ecs
CSV
cp cn.csv cn-one-run.csv
run "order-cancel -f cn-one-run.csv --policy cn --at 2025-03-03T00:00:00Z --yes N1 N2 -c order_id,refund_amount,refund_rule -o csv"
is "cn: the no-reason refund once a year, even within one run" "$(tail -n +2 out)" \
"N1,300.00,no-reason
N2,270.00,partial"
run "order-cancel -f cn.csv --policy cn --at 2025-03-03T00:00:00Z --yes N1 -c refund_rule -o csv &&
    order-cancel -f cn.csv --policy cn --at 2025-03-03T00:00:00Z --yes N2 -c refund_rule -o csv"
is "... and across runs, counting the Refund rows in the file" "$(tail -n 1 out)" partial

# Refund rows: each its own id, the ClientToken of its call
cat >renewals.csv <<'CSV'
order_id,instance_id,order_type,charge_type,status,period_start,period_end,gross_amount,paid_amount,currency
1,i-a,New,Subscription,Paid,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,100,100,USD
2,i-a,Renew,Subscription,Paid,2026-01-01T00:00:00Z,2027-01-01T00:00:00Z,100,100,USD
3,i-a,Renew,Subscription,Paid,2027-01-01T00:00:00Z,2028-01-01T00:00:00Z,100,100,USD
4,i-a,Renew,Subscription,Paid,2028-01-01T00:00:00Z,2029-01-01T00:00:00Z,100,100,USD
CSV
cp renewals.csv renewals-one-run.csv
run "order-cancel -f renewals-one-run.csv $AT --yes 2 3 4 -c api_call -o csv 2>/dev/null &&
    refund-quote -f renewals-one-run.csv $AT -c refund_amount -o csv"
is "three renewals refunded alone in one run: three Refund rows, three ids" \
    "$status:$(cat out)" "0:api_call
aliyun bssopenapi RefundInstance --ProductCode ecs --InstanceId i-a --ClientToken Ri-a20250615000000
aliyun bssopenapi RefundInstance --ProductCode ecs --InstanceId i-a --ClientToken Ri-a20250615000000-USD
aliyun bssopenapi RefundInstance --ProductCode ecs --InstanceId i-a --ClientToken Ri-a20250615000000-USD-2
refund_amount
54.79"
run "for id in 2 3 4; do order-cancel -f renewals.csv $AT --yes \$id -c api_call -o csv | tail -n 1; done 2>/dev/null &&
    order-show -f renewals.csv -w 'order_type = Refund' -c order_id -o csv | tail -n +2"
is "... and in three runs within one second: the ids in the file are kept clear of" \
    "$status:$(cat out)" "0:aliyun bssopenapi RefundInstance --ProductCode ecs --InstanceId i-a --ClientToken Ri-a20250615000000
aliyun bssopenapi RefundInstance --ProductCode ecs --InstanceId i-a --ClientToken Ri-a20250615000000-USD
aliyun bssopenapi RefundInstance --ProductCode ecs --InstanceId i-a --ClientToken Ri-a20250615000000-USD-2
Ri-a20250615000000
Ri-a20250615000000-USD
Ri-a20250615000000-USD-2"

# api_call piped to sh runs aliyun, and only aliyun, with the words shown
fresh
mkdir -p stub
printf '#!/bin/sh\necho "$*" >>"%s/calls"\n' "$PWD" >stub/aliyun
chmod +x stub/aliyun
run "order-cancel -f orders.csv $AT --dry-run 214017707302843 i-t4nrf746re1716astqfl -c api_call -o csv 2>/dev/null |
    tail -n +2 | PATH=\"$PWD/stub:\$PATH\" sh && cat calls"
is "api_call | sh: one aliyun call per receipt, word for word" "$status:$(cat out)" \
"0:bssopenapi CancelOrder --OrderId 214017707302843
bssopenapi RefundInstance --ProductCode ecs --InstanceId i-t4nrf746re1716astqfl --ClientToken Ri-t4nrf746re1716astqfl20250615000000
bssopenapi RefundInstance --ProductCode ecs --InstanceId i-t4nrf746re1716astqfl --ClientToken Ri-t4nrf746re1716astqfl20250615000000"

# many IDs: found by hash, answered in the order given
awk 'BEGIN { print "order_id,instance_id,status"
	for (i = 1; i <= 3000; i++) printf "%d,i-%d,Unpaid\n", 100000 + i, i
	print "103001,i-m1,Unpaid"; print "103001,i-m2,Unpaid"
	print "103002,i-x,Unpaid" }' >many.csv
awk 'BEGIN { for (i = 3000; i >= 1; i -= 2) print 100000 + i
	print "nosuch"; print "103001"; print "i-x"
	for (i = 1; i <= 3000; i += 2) print 100000 + i }' >many.ids
awk '$0 == "nosuch" { next } $0 == "103001" { print } $0 == "i-x" { $0 = 103002 }
	{ print }' many.ids >many.want
run "order-cancel -f many.csv --dry-run --max 5000 -c order_id -o csv - <many.ids"
is "3,000 IDs and more: each found, or named as not found" "$status:$(cat err)" \
    "1:order-cancel: nosuch: not found"
is "... the receipts in the order of the IDs" "$(tail -n +2 out)" \
    "$(cat many.want)"

# usage
check "-f - is refused: the file is changed in place" \
    "order-cancel -f - 1" 2 \
    "order-cancel: the orders file is changed in place: give its path, not -
Try 'order-cancel --help' for more information."
check "no IDs" "order-cancel -f orders.csv" 2 \
    "order-cancel: nothing to cancel: give order or instance IDs, or - to read them
Try 'order-cancel --help' for more information."
check "--max wants a number" "order-cancel -f orders.csv --max lots 1" 2 \
    "order-cancel: --max wants a whole number, not \"lots\"
Try 'order-cancel --help' for more information."
cp "$EX/order-detail.json" .
check "a JSON file is not edited" "order-cancel -f order-detail.json --yes 210586869267279" 2 \
    "order-cancel: order-detail.json: a JSON file is not changed in place: keep the ledger as CSV or YAML (order-show -o csv)"
run 'order-cancel --help'
is "--help" "$status:$(head -n 1 out)" \
    "0:Usage: order-cancel [-f FILE] [OPTION]... ORDER_ID|INSTANCE_ID... | -"

done_testing
