#!/bin/sh
# order-cancel: what is compared between runs or needs runs in an order:
# the refund is refund-quote's, refusals change nothing, the journal, a
# dry run and the real one, the terminal, --max, many IDs, usage errors.
# The rows of SPEC 4's state table, the safety rules and what the file
# holds afterwards, each one run with a fixed answer, are cases in
# tests/cases (cancel-*).
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/orders.yaml" "$EX/instances.json" .
cp orders.csv pristine.csv
AT='--at 2025-06-15T00:00:00Z'
fresh() { cp pristine.csv orders.csv; rm -f orders.csv.journal; }

# the refund written
fresh
run "refund-quote -f orders.csv $AT --per-order -c order_id,refund_amount,rule -o csv i-t4nvv5mw4xkqhzrwptyr i-t4ntvbhuvivkglvfijrx | tail -n +2 | sort"
cp out quoted
run "order-cancel -f orders.csv $AT --yes i-t4nvv5mw4xkqhzrwptyr i-t4ntvbhuvivkglvfijrx -c order_id,refund_amount,refund_rule -o csv | tail -n +2 | sort"
same "the refund written is refund-quote's for the same file, policy and --at" out quoted
run "order-show -f orders.csv --status Refunded -w 'order_type != Refund' -c order_id,refund_amount,refund_rule -o csv | tail -n +2 | sort"
same "... and so is what the file records" out quoted

fresh
for id in 212910493112828 211045349536217 212744675627236 212263130225568 999
do	# refused, refused, refused, nothing to do, not found
	run "order-cancel -f orders.csv $AT --yes $id -o csv"
done
same "refusals and no-ops change nothing" orders.csv pristine.csv
is "... and write no journal" "$(test -e orders.csv.journal && echo yes || echo no)" no

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
run=$(sed -n 's/.*"run":"\([^"]*\)".*/\1/p' orders.csv.journal | sort -u)
grep '"state":"intent"' orders.csv.journal | sed 's/"time":"[^"]*"/"time":"T"/' >intents
grep '"state":"landed"' orders.csv.journal | sed 's/"time":"[^"]*"/"time":"T"/; s/"state":"landed"/"state":"intent"/' >marks
is "each mark is its intent line, the time and state changed, marked_by the run's last" \
    "$(sed "s/,\"marked_by\":\"$run\"}\$/}/" marks | cmp -s - intents && echo same):$(grep -c "\"marked_by\":\"$run\"}\$" marks)" "same:3"

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
	is "on a terminal, y applies the plan" "$status:$(grep -c 'change them in orders.csv? \[y/N\]' out)" 0:1
	is "... after the summary of what it does" \
	    "$(grep -c '^order-cancel: 1 order of 1 instance would change (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund' out)" 1
	is "... the plan shown once, at the prompt" \
	    "$(grep -c '^214017707302843 ' out)" 1
	is "... and what was done, last" \
	    "$(tail -n 1 out | tr -d '\r' | sed 's/.*\[y\/N\] y*//')" \
	    "order-cancel: done: 1 order of 1 instance changed (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund"
	is "... and the order is cancelled" \
	    "$(order-show -f orders.csv 214017707302843 -c status -o csv | tail -n 1)" Cancelled
else
	skip "the y/N prompt on a terminal" "script(1) is not installed"
fi
fresh
run "order-cancel -f orders.csv $AT --yes --max 1 214017707302843 i-t4ntvbhuvivkglvfijrx"
is "--max: more changes than allowed refuses the whole run, exit 2" \
    "$status:$(grep -v 'not checked' err):$(cat out)" \
    "2:order-cancel: 2 orders of 2 instances would change (1 cancelled, 1 refunded), 0 refused, 0 already done; refund 87.06 USD
order-cancel: 2 orders would change, more than --max 1; nothing changed:"
same "... nothing changed" orders.csv pristine.csv
run "order-cancel -f orders.csv $AT --dry-run --max 1 -o csv -c order_id,action 214017707302843 i-t4ntvbhuvivkglvfijrx"
is "--max: a dry run over it shows the whole plan, then refuses, exit 2" \
    "$status:$(cat out):$(tail -n 1 err)" \
    "2:order_id,action
214017707302843,cancel
213871736315921,refund:order-cancel: 2 orders would change, more than --max 1; nothing changed"

fresh
run "order-cancel -f orders.csv $AT --yes --force --instances instances.json i-bp1rsdam6qylbskpgauo"
run "order-cancel -f orders.csv $AT --yes --instances instances.json i-t4ntvbhuvivkglvfijrx"
same "deletion protection and Running: refused, nothing changed" orders.csv pristine.csv

# YAML
run "order-cancel -f orders.yaml $AT --yes 214017707302843 i-t4ntvbhuvivkglvfijrx -o csv"
run "order-show -f orders.yaml -o csv | order-show -f - -c order_id,status,refund_amount -w 'status != Paid' -o csv"
is "a YAML ledger changed reads back: 3 changed or added, 5 that were not Paid, a header" \
    "$(grep -c . out)" 9

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
    "1:order-cancel: nosuch: not found
order-cancel: dry run: 3003 orders of 3003 instances would change (3003 cancelled, 0 refunded), 0 refused, 0 already done; no refund; nothing changed"
is "... the receipts in the order of the IDs" "$(tail -n +2 out)" \
    "$(cat many.want)"

# A ledger with more records than a YAML scan keeps of the last it read
# (HOLD_RING, 1,024): an order appended for the first instance, whose
# other rows are 3,000 records back, so that they are read again from the
# file, and an instance asked for by its ID, whose rows are kept as they
# are read.  Either way the YAML ledger changes as its CSV twin does.
"$top_builddir/bench/gen" orders 3000 csv >twin.csv
awk -F, -v OFS=, 'NR == 2 { r = $0 } { print }
	END { $0 = r; $1 = "299999999999999"; $5 = "Renew"
	    $10 = "2025-01-01T00:00:00Z"; $11 = "2026-01-01T00:00:00Z"
	    print }' twin.csv >twin.tmp && mv twin.tmp twin.csv
inst=$(awk -F, -v OFS=, 'NR == 1502 { print $2 }' twin.csv)
order-show -f twin.csv -o yaml >twin.yaml
run "order-cancel -f twin.csv $AT --dry-run 299999999999999 -c order_id,action -o csv"
is "the appended order unsubscribes its instance: all 12 rows refunded" \
    "$status:$(grep -c ',refund$' out):$(grep -c '^20000000000000[1-9],\|^2000000000000[1-9][0-9],' out)" \
    "0:12:11"
for ids in 299999999999999 "$inst"; do
	run "order-cancel -f twin.csv $AT --yes --max 1000 $ids"
	cp out csv.out
	run "order-cancel -f twin.yaml $AT --yes --max 1000 $ids"
	is "YAML as CSV, $ids: the receipts" \
	    "$(sed 's/twin.yaml/twin.csv/' out)" "$(cat csv.out)"
	is "... the records" "$(order-show -f twin.yaml -o csv)" \
	    "$(order-show -f twin.csv -o csv)"
done

# The same rows in the order of their created_at, so that the rows of an
# instance are far apart and a block of the file (256 KiB) holds more
# runs of one instance's rows than it lists (256): the rescan asks its
# filter instead, and finds every row all the same.
"$top_builddir/bench/gen" orders 3000 csv >spread.csv
awk -F, -v OFS=, 'NR == 2 { r = $0 } { print }
	END { $0 = r; $1 = "299999999999999"; $5 = "Renew"
	    $10 = "2025-01-01T00:00:00Z"; $11 = "2026-01-01T00:00:00Z"
	    print }' spread.csv >spread.tmp
{ head -n 1 spread.tmp; tail -n +2 spread.tmp | sort -t, -k8,8 -k1,1; } \
    >spread.csv
run "order-cancel -f spread.tmp $AT --dry-run 299999999999999 -c order_id,action -o csv"
sort out >spread.want
run "order-cancel -f spread.csv $AT --dry-run 299999999999999 -c order_id,action -o csv"
sort out >spread.got
is "rows of an instance far apart: the same 12 refunded" \
    "$status:$(grep -c ',refund$' spread.got)" "0:12"
same "... the same receipts" spread.got spread.want

# A header below a blank line starting with a byte order mark: the mark
# is part of the first name there (a reader skips one only where the
# file starts), and a changed row read again must keep that field.
{ printf '\n\357\273\277'; awk 'NR == 1 { print "note," $0; next }
	{ print "n" NR "," $0 }' pristine.csv; } >marked.csv
cp marked.csv marked.was
run "order-cancel -f marked.csv $AT --yes 214017707302843"
is "a BOM below a blank line: the order cancelled, exit 0" "$status" 0
is "... its row changed in its status alone, its first field kept" \
    "$(diff marked.was marked.csv | sed -n 's/^[<>] //p' | cut -d, -f1,2,8)" \
    "n54,214017707302843,Unpaid
n54,214017707302843,Cancelled"

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

done_testing
