#!/bin/sh
# order-import: what needs runs in an order or at once, or input too large
# to keep as a file: the journal of an import, kill -9 during one (the
# file is the old or the new, and the journal agrees), an import and
# order-cancel at once on one ledger (nothing lost, every change
# journaled once).  Its answers and messages are cases in tests/cases
# (import-*).
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

# a ledger of 20,000 rows, and 2,000 orders new to it
$GEN orders 22000 >all.csv
head -n 20001 all.csv >ledger.csv
{ head -n 1 all.csv; tail -n 2000 all.csv; } >new.csv
cp ledger.csv old.csv

# an import and order-cancel at once, on one ledger
unpaid=$(head -n 10001 ledger.csv | awk -F, '$7 == "Unpaid" { print $1 }' |
    head -n 8)
n=$(echo "$unpaid" | wc -l | tr -d ' ')
cp old.csv shared.csv
pids=
for id in $unpaid; do
	order-cancel -f shared.csv $AT --yes --wait 60 "$id" -o csv \
	    >"cancel-$id.out" 2>&1 &
	pids="$pids $!"
done
order-import -f shared.csv --yes --wait 60 new.csv -o csv >import.out \
    2>import.err &
pids="$pids $!"
fails=0
for p in $pids; do
	wait "$p" || fails=$((fails + 1))
done
is "an import and $n order-cancel runs at once all succeed" "$fails" 0
lost=0
for id in $unpaid; do
	s=$(order-show -f shared.csv "$id" -c status -o csv | tail -n 1)
	[ "$s" = Cancelled ] || lost=$((lost + 1))
done
is "... no cancellation lost" "$lost" 0
run "order-show -f shared.csv -o csv -c order_id,instance_id | tail -n 2000"
tail -n 2000 new.csv | cut -d, -f1,2 >want
is "... no imported row lost, each once, after the ledger's" \
    "$(sort out | uniq | wc -l | tr -d ' '):$(cmp -s out want && echo same)" \
    "2000:same"
is "... every change journaled once: an intent and a landed mark each" \
    "$(grep -c '"state":"intent"' shared.csv.journal):$(grep -c '"state":"landed"' shared.csv.journal)" \
    "$((n + 2000)):$((n + 2000))"
run "order-cancel -f shared.csv --verify -c outcome,marked -o csv"
is "... and the journal accounts for the file" \
    "$status:$(tail -n +2 out | sort | uniq -c | awk '{ print $1, $2 }')" \
    "0:$((n + 1)) landed,yes"

# importing it again changes nothing
cp shared.csv again.csv
cp shared.csv.journal again.journal
run "order-import -f shared.csv --yes new.csv -o csv | grep -c ',same,'"
is "the same import again: every row the same" "$(cat out)" 2000
same "... the file unchanged" shared.csv again.csv
same "... and nothing journaled" shared.csv.journal again.journal

# kill -9 during an import
$GEN orders 202000 >all.csv
head -n 200001 all.csv >old.csv
{ head -n 1 all.csv; tail -n 2000 all.csv; } >new.csv
cp old.csv want.csv
order-import -f want.csv --yes new.csv >/dev/null 2>&1
t0=$(ms)
cp old.csv big.csv
order-import -f big.csv --yes new.csv >/dev/null 2>&1
span=$(( $(ms) - t0 + 20 ))
torn=0 olds=0 news=0 disagree=0 i=0
while [ $i -lt "$TRIALS" ]; do
	i=$((i + 1))
	cp old.csv big.csv
	rm -f big.csv.journal
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    order-import -f big.csv --yes new.csv >/dev/null 2>&1 &
	p=$!
	d=$(random_below "$span")
	sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	if cmp -s big.csv old.csv; then
		olds=$((olds + 1))
		want=void
	elif cmp -s big.csv want.csv; then
		news=$((news + 1))
		want=landed
	else
		torn=$((torn + 1))
		want=torn
	fi
	# the journal agrees: no run, or the run void (old) or landed (new);
	# what it notes on standard error (a run killed while marking its
	# changes is completed by the next) is not its answer
	order-cancel -f big.csv --verify -c outcome -o csv -H >verify \
	    2>verify.err
	got=$(sort -u verify | tr '\n' ' ')
	case "$got" in
	''|"$want ") ;;
	*) disagree=$((disagree + 1))
	   echo "# $want, journal: $got; $(tr '\n' ' ' <verify.err)" ;;
	esac
done
echo "# kill -9 trials: $TRIALS over ${span} ms: $olds old, $news new, $torn torn"
is "kill -9 at $TRIALS random moments of an import: always the old or the new file" "$torn" 0
is "... and the journal says which" "$disagree" 0
run "order-import -f big.csv --yes new.csv -o csv >/dev/null; ls -a | grep -c '^\.big\.csv\.tmp-'"
is "the next run removes what killed runs left behind" "$(cat out)" 0
same "... and ends with the import done" big.csv want.csv

done_testing
