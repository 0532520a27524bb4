#!/bin/sh
# order-cancel under stress: a held lock, concurrent runs on one file,
# kill -9 at random moments of a rewrite, modes and owners, a directory
# it may not write and a disk that is full.  The ledger must always be
# either the old file or the new one, and never lose a change.
. "$top_srcdir/tests/lib.sh"

AT='--at 2025-06-15T00:00:00Z'
GEN=$top_builddir/bench/gen
TRIALS=${KILL_TRIALS:-40}

ms() {	# milliseconds on the clock
	date +%s%3N
}

random_below() {	# a random number in [0, $1)
	echo $(( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % $1 ))
}

$GEN orders 20000 >small.csv
unpaid=$(awk -F, '$7 == "Unpaid" { print $1 }' small.csv | head -n 12)
first=$(echo "$unpaid" | head -n 1)

# a held lock
cp small.csv held.csv
flock -o held.csv.lock sleep 5 &
holder=$!
sleep 0.3
t0=$(ms)
check "a held lock: exit 3 after --wait, nothing changed" \
    "order-cancel -f held.csv $AT --yes --wait 1 $first" 3 \
    "order-cancel: held.csv: locked by another process ($(pwd -P)/held.csv.lock); nothing changed, try again later"
waited=$(( $(ms) - t0 ))
is "... after waiting about --wait (1 s)" \
    "$([ "$waited" -ge 900 ] && [ "$waited" -lt 4000 ] && echo yes || echo "no: $waited ms")" yes
same "... the file as it was" held.csv small.csv
run "order-cancel -f held.csv $AT --yes --wait 0 $first"
is "--wait 0 does not wait" "$status" 3
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
run "order-cancel -f held.csv $AT --yes --wait 0 $first -o csv"
is "once the lock is free, it goes through" "$status" 0

# many runs at once, each on its own order of one file
cp small.csv shared.csv
pids=
for id in $unpaid; do
	order-cancel -f shared.csv $AT --yes --wait 60 "$id" -o csv \
	    >"run-$id.out" 2>"run-$id.err" &
	pids="$pids $!"
done
fails=0
for p in $pids; do
	wait "$p" || fails=$((fails + 1))
done
n=$(echo "$unpaid" | wc -l | tr -d ' ')
is "$n concurrent runs all succeed" "$fails" 0
lost=0
for id in $unpaid; do
	s=$(order-show -f shared.csv "$id" -c status -o csv | tail -n 1)
	[ "$s" = Cancelled ] || lost=$((lost + 1))
done
is "... and no change is lost: all $n orders are Cancelled" "$lost" 0
is "... the journal has a line for each, each marked landed" \
    "$(grep -c '"state":"intent"' shared.csv.journal):$(grep -c '"state":"landed"' shared.csv.journal)" "$n:$n"
run "order-cancel -f shared.csv --verify -c outcome,marked -o csv"
is "... which accounts for the file: each run starts where the last left it" \
    "$status:$(tail -n +2 out | sort | uniq -c | awk '{ print $1, $2 }')" "0:$n landed,yes"
if command -v sha256sum >/dev/null 2>&1; then
	is "... by digests of 4 MB files made in a thread, from the first change" \
	    "$(tail -n 1 shared.csv.journal | sed 's/.*"sha256_after":"\([0-9a-f]*\)".*/\1/')" \
	    "$(sha256sum <shared.csv | cut -d' ' -f1)"
fi
run "order-show -f shared.csv -o csv | wc -l"
is "... and the file reads whole (20000 rows)" "$(tr -d ' ' <out)" 20001
run "diff small.csv shared.csv | grep -c '^>'"
is "... with only those $n rows changed" "$(cat out)" "$n"

# kill -9 while the file is rewritten
$GEN orders 200000 >old.csv
victim=$(awk -F, '$7 == "Unpaid" { print $1; exit }' old.csv)
cp old.csv new.csv
order-cancel -f new.csv $AT --yes "$victim" >/dev/null 2>&1
t0=$(ms)
cp old.csv big.csv
order-cancel -f big.csv $AT --yes "$victim" >/dev/null 2>&1
span=$(( $(ms) - t0 + 20 ))
torn=0 olds=0 news=0 mid=0 i=0
while [ $i -lt "$TRIALS" ]; do
	i=$((i + 1))
	cp old.csv big.csv
	# a kill during the leak check at exit would leave a report of its
	# own interruption: the run is to be killed, not checked for leaks
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    order-cancel -f big.csv $AT --yes "$victim" >/dev/null 2>&1 &
	p=$!
	d=$(random_below "$span")
	sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	if ls -a | grep -q '^\.big\.csv\.tmp-'; then
		mid=$((mid + 1))	# killed while writing the new file
	fi
	if cmp -s big.csv old.csv; then
		olds=$((olds + 1))
	elif cmp -s big.csv new.csv; then
		news=$((news + 1))
	else
		torn=$((torn + 1))
	fi
done
echo "# kill -9 trials: $TRIALS over ${span} ms: $olds old, $news new, $torn torn; $mid killed mid-write"
is "kill -9 at $TRIALS random moments: always the old or the new file" "$torn" 0
is "... some of them while the new file was being written" \
    "$([ "$mid" -gt 0 ] && echo yes || echo no)" yes
run "order-cancel -f big.csv $AT --yes $victim -o csv >/dev/null; ls -a | grep -c '^\.big\.csv\.tmp-'"
is "the next run removes what killed runs left behind" "$(cat out)" 0

# the copy made ahead of the first change (in a thread, behind the
# scan), wherever the first change is: the rows changed, and no other
awk -F, '$7 == "Unpaid" { print $1 }' old.csv >unpaid.txt
total=$(wc -l <unpaid.txt)
for at in 2 $((total / 2)) $((total - 1)); do
	set -- $(sed -n "${at}p;$((at + 1))p" unpaid.txt)
	cp old.csv ahead.csv
	awk -F, -v OFS=, -v a="$1" -v b="$2" \
	    '$1 == a || $1 == b { $7 = "Cancelled" } { print }' old.csv >want.csv
	run "order-cancel -f ahead.csv $AT --yes $1 $2 -o csv"
	is "unpaid orders $at and $((at + 1)) of $total: only their rows change" \
	    "$status:$(cmp ahead.csv want.csv && echo same)" "0:same"
done

# mode and owner
cp small.csv perm.csv
chmod 0640 perm.csv
if [ "$(id -u)" = 0 ]; then
	chown nobody perm.csv
fi
before=$(ls -ln perm.csv | awk '{ print $1, $3, $4 }')
run "order-cancel -f perm.csv $AT --yes $first -o csv"
is "mode and owner are kept" "$status:$(ls -ln perm.csv | awk '{ print $1, $3, $4 }')" "0:$before"

# a directory it may not write to
mkdir ro
cp small.csv ro/orders.csv
touch ro/orders.csv.lock ro/orders.csv.journal
chmod 0666 ro/orders.csv.lock ro/orders.csv.journal
chmod 0555 ro
as_user=
if [ "$(id -u)" = 0 ]; then
	chmod 0666 ro/orders.csv
	chmod 0755 .	# the scratch directory, for the other user
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	command -v setpriv >/dev/null 2>&1 || as_user=skip
fi
if [ "$as_user" = skip ]; then
	skip "a read-only directory: exit 2" "root, and no setpriv to drop it"
else
	run "$as_user order-cancel -f ro/orders.csv $AT --yes $first"
	is "a read-only directory: exit 2 with the reason" \
	    "$status:$(grep -c 'cannot create a file in .*: Permission denied; nothing changed' err)" "2:1"
	same "... the ledger unchanged" ro/orders.csv small.csv
fi
chmod 0755 ro

# a full disk: the rewrite fails part way (a file size limit stands in
# for it); the ledger stays as it was
cp old.csv full.csv
run "trap '' XFSZ; ulimit -f 10000; order-cancel -f full.csv $AT --yes $victim"
is "a full disk: exit 2" "$status:$(grep -c 'writing .*: File too large; nothing changed' err)" "2:1"
same "... the ledger unchanged" full.csv old.csv
is "... and no temporary file left" "$(ls -a | grep -c '^\.full\.csv\.tmp-')" 0

done_testing
