#!/bin/sh
# order-import: what needs runs in an order or at once, or input too large
# to keep as a file: the journal of an import, kill -9 during one (the
# file is the old or the new, and the journal agrees), an import and
# order-cancel at once on one ledger (nothing lost, every change
# journaled once), each for a CSV and a YAML ledger; every bad export of
# the cases leaving a YAML ledger as it was; a ledger made by --create;
# QueryOrders imported again, and sums too large.
# Its answers and messages are cases in tests/cases (import-*).
. "$top_srcdir/tests/lib.sh"

AT='--at 2025-06-15T00:00:00Z'
GEN=$top_builddir/bench/gen
TRIALS=${KILL_TRIALS:-30}

ms() {
	date +%s%3N
}

random_below() {
	echo $(( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % $1 ))
}

# the journal of an import
cp "$EX/orders.csv" "$EX/detail-new.json" "$EX/detail-paid.json" .
run "order-import -f orders.csv --yes detail-new.json detail-paid.json -o csv"
is "one journal line per change (two rows added, one updated), and one more saying it landed" \
    "$(grep -c '"state":"intent"' orders.csv.journal):$(grep -c '"state":"landed"' orders.csv.journal)" 3:3
is "... each saying what changed" \
    "$(order-show -f orders.csv.journal -w 'state = landed' -c order_id,instance_id,before,after,api_call -o csv)" \
"order_id,instance_id,before,after,api_call
214118826530117,i-bp1c4x0f8hd2k7m9q3wz,,Paid,
214118826530117,i-bp1c4x0f8hd2k7m9q3x0,,Paid,
214017707302843,i-bp1nx8yanwl5xv1q2a4d,Unpaid,Paid,"
run "order-cancel -f orders.csv --verify -c outcome,marked -o csv"
is "... which accounts for the file" "$status:$(tail -n +2 out)" "0:landed,yes"

# a ledger made by --create, CSV and YAML: every row added, the same
# import again all the same, and the other commands at home in it
for fmt in csv yaml; do
	run "order-import -f made.$fmt --create --yes detail-new.json detail-paid.json -o csv -c action -H"
	is "$fmt: --create makes the ledger, every row added" \
	    "$status:$(sort -u out | tr '\n' ' ')" "0:added "
	is "$fmt: ... journaled: three intents, three landed" \
	    "$(grep -c '"state":"intent"' made.$fmt.journal):$(grep -c '"state":"landed"' made.$fmt.journal)" 3:3
	cp "made.$fmt" "made0.$fmt"
	cp "made.$fmt.journal" made0.journal
	run "order-import -f made.$fmt --create --yes detail-new.json detail-paid.json -o csv -c action -H"
	is "$fmt: ... the same import again: every row the same" \
	    "$status:$(sort -u out | tr '\n' ' ')" "0:same "
	same "$fmt: ... the file unchanged" "made.$fmt" "made0.$fmt"
	same "$fmt: ... nothing journaled" "made.$fmt.journal" made0.journal
	run "refund-quote -f made.$fmt --at 2025-06-20T00:00:00Z i-bp1c4x0f8hd2k7m9q3x0 -c cash_paid,consumed,refund_amount -o csv -H"
	is "$fmt: ... refund-quote reads it" "$status:$(cat out)" \
	    "0:285.00,60.00,225.00"
	run "order-cancel -f made.$fmt --at 2025-06-20T00:00:00Z --yes i-bp1c4x0f8hd2k7m9q3wz -c action,refund_amount -o csv -H"
	is "$fmt: ... order-cancel refunds in it" "$status:$(cat out)" \
	    "0:refund,225.01"
	run "order-show -f made.$fmt -w 'status = Refunded' -c order_id,refund_rule -o csv -H"
	is "$fmt: ... and order-show sees the refund, and its Refund row" \
	    "$status:$(cat out)" "0:214118826530117,partial
Ri-bp1c4x0f8hd2k7m9q3wz20250620000000,partial"
done
run "python3 '$top_srcdir/tests/csv_rect.py' made.csv"
is "the CSV made and refunded in is rectangular (Python's csv module)" \
    "$status:$(cat out err)" "0:"
if command -v mlr >/dev/null 2>&1; then
	run "mlr --icsv --ojson cat made.csv | grep -c '\"order_id\"'"
	is "... and to mlr, which reads its four rows" "$status:$(cat out)" "0:4"
else
	skip "... and to mlr" "mlr is not installed"
fi
head -n 1 made.csv | tr , '\n' >cols
is "... whose header has every order column, in the order of SPEC 2.3, then the toolkit's" \
    "$(tr '\n' ' ' <cols)" \
    "order_id instance_id related_order_id product order_type charge_type status created_at paid_at period_start period_end gross_amount paid_amount voucher_amount currency region no_refund refund_rule refund_amount refunded_at cloud_order_id refund_diff "

# a file made by another run while this one waited for the lock is
# imported into, not replaced
cp "$EX/orders.csv" theirs.csv
flock later.csv.lock sh -c 'sleep 1; cp theirs.csv later.csv' &
locker=$!
while flock -n later.csv.lock true; do	# until the other run holds it
	sleep 0.05
done
run "order-import -f later.csv --create --yes --wait 30 detail-new.json -o csv -c action -H"
wait "$locker"
is "--create on a file another run made while it waited for the lock: imported into" \
    "$status:$(sort -u out | tr '\n' ' '):$(head -n "$(wc -l <theirs.csv)" later.csv | cmp -s - theirs.csv && echo kept)" \
    "0:added :kept"

# a file made by a program that took no lock, after the lock was taken, is
# never replaced: the run stops (held at its first fsync of the new file)
SHIM=$top_builddir/tests/faults/fault.so
if [ -f "$SHIM" ]; then
	rm -f hit
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    LD_PRELOAD="$SHIM" FAULT_CALL=fsync FAULT_PATH=.tmp- FAULT_NTH=1 \
	    FAULT_DO=STOP FAULT_HIT=hit order-import -f racy.csv --create \
	    --yes detail-new.json >racy.out 2>racy.err &
	p=$!
	i=0
	while [ ! -f hit ] && [ $i -lt 600 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	while [ "$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null)" != T ] &&
	    [ $i -lt 1200 ]; do	# stopped
		sleep 0.05
		i=$((i + 1))
	done
	echo theirs >racy.csv
	kill -CONT "$p"
	wait "$p"
	is "--create when another program made the file meanwhile: exit 2, theirs kept" \
	    "$?:$(cat racy.csv):$(ls -a | grep -c '^\.racy\.csv\.tmp-')" "2:theirs:0"
	is "... said" "$(tail -n 1 racy.err)" \
	    "order-import: racy.csv: made by another program since this run looked; nothing changed, try again"
else
	skip "--create when another program made the file meanwhile" \
	    "tests/faults/fault.so was not built"
	skip "... said" "tests/faults/fault.so was not built"
fi

# every bad export of the cases, after a good one, leaves a YAML ledger as
# it was, and journals nothing
cp "$EX/orders.yaml" .
for x in "$top_srcdir"/tests/cases/import-bad-*.in/export.csv; do
	c=${x%.in/export.csv}
	c=${c##*/}
	run "order-import -f orders.yaml --yes detail-new.json '$x'"
	is "yaml: $c: exit 2, FILE:LINE said, the ledger byte-identical, no journal" \
	    "$status:$(grep -c 'export.csv:[0-9]' err):$(cmp -s orders.yaml "$EX/orders.yaml" && echo same):$(ls orders.yaml.journal 2>/dev/null)" \
	    "2:1:same:"
done

# QueryOrders: the same export again changes nothing; amounts whose sum
# over an order's rows is too large to hold are named, not wrapped
Q=$top_srcdir/tests/cases/import-queryorders-split.in
cp "$Q/ledger.csv" q.csv
order-import -f q.csv --yes "$Q/query.json" >/dev/null 2>&1
cp q.csv q0.csv
run "order-import -f q.csv --yes '$Q/query.json' -o csv -c action -H"
is "QueryOrders again: its orders the same, the one the ledger lacks refused again" \
    "$status:$(tr '\n' ' ' <out)" "1:same same same conflict "
same "... the file unchanged" q.csv q0.csv
{
	head -n 1 "$Q/ledger.csv"
	for i in 0 1 2 3 4 5 6 7 8 9; do
		echo "215299999999999,i-bp1sum0000000000000$i,,ecs,New,Subscription,Unpaid,2025-06-20T09:14:05Z,,2025-06-20T09:20:00Z,2025-07-20T16:00:00Z,999999999999.00,999999999999.00,,CNY,cn-hangzhou,"
	done
} >huge.csv
printf '{"OrderList":{"Order":[{"OrderId":"215299999999999","PaymentStatus":"Paid","PretaxAmount":"1.00","Currency":"CNY"}]}}\n' >huge.json
cp huge.csv huge0.csv
run "order-import -f huge.csv --yes huge.json -o csv -c action,reason -H"
is "an order whose rows' amounts overflow a sum: a conflict on each, said" \
    "$status:$(sort -u out)" \
    "1:conflict,paid_amount of the order's rows is too large a sum"
same "... the ledger as it was" huge.csv huge0.csv

# at_once FILE: an import of new.csv and order-cancel runs at once on the
# ledger FILE (csv or yaml), then the same import again.  Each waits for
# the lock as long as the others may take: under valgrind, nine runs on a
# YAML ledger of 20,000 records take more than a minute.
at_once() {
	f=$1 fmt=${1##*.}
	unpaid=$(order-show -f "$f" -w 'status = Unpaid' -c order_id -o csv -H |
	    sort -u | head -n 8)
	n=$(echo "$unpaid" | wc -l | tr -d ' ')
	pids=
	for id in $unpaid; do
		order-cancel -f "$f" $AT --yes --wait 600 "$id" -o csv \
		    >"cancel-$id.out" 2>&1 &
		pids="$pids $!"
	done
	order-import -f "$f" --yes --wait 600 new.csv -o csv >import.out \
	    2>import.err &
	pids="$pids $!"
	fails=0
	for p in $pids; do
		wait "$p" || fails=$((fails + 1))
	done
	is "$fmt: an import and $n order-cancel runs at once all succeed" \
	    "$fails" 0
	lost=0
	for id in $unpaid; do
		s=$(order-show -f "$f" "$id" -c status -o csv -H | sort -u)
		[ "$s" = Cancelled ] || lost=$((lost + 1))
	done
	is "$fmt: ... no cancellation lost" "$lost" 0
	run "order-show -f $f -o csv -c order_id,instance_id | tail -n 2000"
	tail -n 2000 new.csv | cut -d, -f1,2 >want
	is "$fmt: ... no imported row lost, each once, after the ledger's" \
	    "$(sort out | uniq | wc -l | tr -d ' '):$(cmp -s out want && echo same)" \
	    "2000:same"
	is "$fmt: ... every change journaled once: an intent and a landed mark each" \
	    "$(grep -c '"state":"intent"' "$f.journal"):$(grep -c '"state":"landed"' "$f.journal")" \
	    "$((n + 2000)):$((n + 2000))"
	run "order-cancel -f $f --verify -c outcome,marked -o csv"
	is "$fmt: ... and the journal accounts for the file" \
	    "$status:$(tail -n +2 out | sort | uniq -c | awk '{ print $1, $2 }')" \
	    "0:$((n + 1)) landed,yes"

	# importing it again changes nothing
	cp "$f" "again.$fmt"
	cp "$f.journal" again.journal
	run "order-import -f $f --yes new.csv -o csv | grep -c ',same,'"
	is "$fmt: the same import again: every row the same" "$(cat out)" 2000
	same "$fmt: ... the file unchanged" "$f" "again.$fmt"
	same "$fmt: ... and nothing journaled" "$f.journal" again.journal
}

# kill_trials OLD: kill -9 at TRIALS random moments of an import of
# new.csv into a copy of the ledger OLD (old.csv or old.yaml)
kill_trials() {
	fmt=${1##*.}
	cp "$1" "want.$fmt"
	order-import -f "want.$fmt" --yes new.csv >/dev/null 2>&1
	t0=$(ms)
	cp "$1" "big.$fmt"
	order-import -f "big.$fmt" --yes new.csv >/dev/null 2>&1
	span=$(( $(ms) - t0 + 20 ))
	torn=0 olds=0 news=0 disagree=0 i=0
	while [ $i -lt "$TRIALS" ]; do
		i=$((i + 1))
		cp "$1" "big.$fmt"
		rm -f "big.$fmt.journal"
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		    order-import -f "big.$fmt" --yes new.csv >/dev/null 2>&1 &
		p=$!
		d=$(random_below "$span")
		sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
		if cmp -s "big.$fmt" "$1"; then
			olds=$((olds + 1))
			want=void
		elif cmp -s "big.$fmt" "want.$fmt"; then
			news=$((news + 1))
			want=landed
		else
			torn=$((torn + 1))
			want=torn
		fi
		# the journal agrees: no run, or the run void (old) or landed
		# (new); what it notes on standard error (a run killed while
		# marking its changes is completed by the next) is not its
		# answer
		order-cancel -f "big.$fmt" --verify -c outcome -o csv -H \
		    >verify 2>verify.err
		got=$(sort -u verify | tr '\n' ' ')
		case "$got" in
		''|"$want ") ;;
		*) disagree=$((disagree + 1))
		   echo "# $want, journal: $got; $(tr '\n' ' ' <verify.err)" ;;
		esac
	done
	echo "# $fmt: kill -9 trials: $TRIALS over ${span} ms: $olds old, $news new, $torn torn"
	is "$fmt: kill -9 at $TRIALS random moments of an import: always the old or the new file" "$torn" 0
	is "$fmt: ... and the journal says which" "$disagree" 0
	run "order-import -f big.$fmt --yes new.csv -o csv >/dev/null; ls -a | grep -c '^\.big\.$fmt\.tmp-'"
	is "$fmt: the next run removes what killed runs left behind" \
	    "$(cat out)" 0
	same "$fmt: ... and ends with the import done" "big.$fmt" "want.$fmt"
}

# a ledger of 20,000 rows, as CSV and as YAML, and 2,000 orders new to it
$GEN orders 22000 >all.csv
head -n 20001 all.csv >ledger.csv
order-show -f ledger.csv -o yaml >ledger.yaml
{ head -n 1 all.csv; tail -n 2000 all.csv; } >new.csv

cp ledger.csv shared.csv
at_once shared.csv
cp ledger.yaml shared.yaml
at_once shared.yaml

# kill -9 during an import: into 200,000 CSV rows; into the 20,000 YAML
# records, which take as long to read
$GEN orders 202000 >all.csv
head -n 200001 all.csv >old.csv
{ head -n 1 all.csv; tail -n 2000 all.csv; } >new.csv
kill_trials old.csv
{ head -n 1 ledger.csv; tail -n 2000 ledger.csv; } >new.csv
head -n $((20000 - 2000 + 1)) ledger.csv | order-show -f - -o yaml >old.yaml
kill_trials old.yaml

done_testing
