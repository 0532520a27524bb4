#!/bin/sh
# Systematic fault injection, as SQLite tests its I/O: one order-cancel
# --yes run under tests/faults/fault.so, which fails its N-th file system
# call with ENOSPC, then with EIO, kills it with SIGKILL just before the
# N-th call, then just after it, for N = 1, 2, ... until the run makes no
# N-th call; on a CSV ledger, on one whose journal ends with a run that
# was killed before it marked itself, and on a YAML ledger.  After each
# trial: the ledger is exactly the old bytes or the new; order-cancel
# --verify finds the journal in agreement with it, the trial's run
# landed if and only if the ledger is the new one; a run that was not
# killed exits 2 (and prints nothing) if and only if nothing changed;
# and a run again without faults converges on the bytes an undisturbed
# run writes, with one run landed in the journal, every line of it whole,
# and no temporary file left.
# Where fsync costs nothing (tmpfs) the trials take a third of the time;
# what is tested does not depend on the file system.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=/dev/shm
	export TMPDIR
fi
. "$top_srcdir/tests/lib.sh"

SHIM=$top_builddir/tests/faults/fault.so
AT='--at 2025-06-15T00:00:00Z'
# the shim is loaded before the sanitizers' run time, when they are in
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

if [ ! -f "$SHIM" ]; then
	skip "fault injection" "tests/faults/fault.so was not built"
	done_testing
	exit
fi

# A ledger above 64 KiB, so that kept spans are copied in the kernel
# (copy_file_range), and below 1 MiB, so that no thread makes calls in
# an order of its own: the calls of a run are the same every time.
"$top_builddir/bench/gen" orders 1200 csv >gen.csv
"$top_builddir/bench/gen" orders 60 yaml >gen.yaml
ids_of() {	# an unpaid order and a paid instance with few orders
	order-show -f "$1" -o csv -c order_id,instance_id,status,charge_type |
	    awk -F, 'NR > 1 && $3 == "Unpaid" { u = $1 }
		NR > 1 && $3 == "Paid" && $4 == "Subscription" { n[$2]++ }
		END { for (i in n) if (n[i] >= 2 && n[i] <= 3 && (p == "" || i < p)) p = i
		    print u, p }'
}

# ---- what each failure says ----

A=214017707302843		# Unpaid
C=214041204538080		# Unpaid, of another instance
B=214034522306845		# Unpaid, of a third
here=$(pwd -P)
J=$here/L.csv.journal
# fresh [B]: the example ledger as L.csv; with B, after a run for B
fresh() {
	rm -f L.* .L.*
	cp "$EX/orders.csv" L.csv
	if [ $# -gt 0 ]; then
		order-cancel -f L.csv $AT --yes "$1" -o csv >/dev/null 2>&1
	fi
	cp L.csv L.before
	cp L.csv.journal J.before 2>/dev/null || : >J.before
}
# faulty ENV...: order-cancel --yes for A and C under the shim, with ENV
faulty() {
	echo "env LD_PRELOAD='$SHIM' $* order-cancel -f L.csv $AT --yes $A $C -o csv"
}
verified() {	# outcome:marked of the last run --verify lists
	order-cancel -f L.csv --verify -o csv 2>/dev/null | tail -n 1 |
	    awk -F, '{ print $6 ":" $7 }'
}

fresh "$B"
check "the journal's disk full at its second intent: exit 2, nothing changed" \
    "$(faulty FAULT_CALL=write FAULT_PATH=.journal FAULT_NTH=2 FAULT_DO=ENOSPC)" 2 \
    "order-cancel: L.csv: cannot write to $J: No space left on device; nothing changed" ""
same "... the file as it was" L.csv L.before
same "... and the journal: its first intent removed again" L.csv.journal J.before

fresh "$B"
run "$(faulty FAULT_CALL=fsync FAULT_PATH=.journal FAULT_NTH=2 FAULT_DO=EIO)"
is "the journal's mark fails after the file changed: exit 1, the receipts, said" \
    "$status:$(grep -c ',cancel,' out):$(cat err)" \
    "1:2:order-cancel: L.csv: changed, but $J could not say so: Input/output error; the next run that changes the file marks it
order-cancel: done: 2 orders of 2 instances changed (2 cancelled, 0 refunded), 0 refused, 0 already done; no refund"
is "... --verify finds it landed, by the digest" "$(verified)" "landed:no"

fresh "$B"
run "$(faulty FAULT_CALL=fsync FAULT_NTH=3 FAULT_DO=EIO)"
is "the directory's sync fails after the rename: exit 1, the receipts, said" \
    "$status:$(grep -c ',cancel,' out):$(cat err)" \
    "1:2:order-cancel: L.csv: changed, but syncing $here failed: Input/output error; a crash could still undo the change
order-cancel: done: 2 orders of 2 instances changed (2 cancelled, 0 refunded), 0 refused, 0 already done; no refund"
is "... the run is left unmarked, for a later one to find landed" "$(verified)" "landed:no"

fresh
check "a journal made now whose directory cannot be synced: exit 2" \
    "$(faulty FAULT_CALL=fsync FAULT_NTH=3 FAULT_DO=EIO)" 2 \
    "order-cancel: L.csv: cannot sync the directory of $J, made now: Input/output error; nothing changed" ""
same "... the file as it was" L.csv L.before

fresh "$B"
run "$(faulty FAULT_CALL=rename FAULT_NTH=1 FAULT_DO=EIO)"
is "the rename fails: exit 2, said" \
    "$status:$(grep -c "order-cancel: L.csv: replacing $here/\.L\.csv\.tmp-.*: Input/output error; nothing changed" err)" "2:1"
is "... the run marked void in the journal" "$(verified)" "void:yes"

fresh "$B"
run "$(faulty FAULT_CALL=pread FAULT_PATH=.tmp- FAULT_NTH=1 FAULT_DO=EIO)"
is "the new file cannot be read back for its digest: exit 2, said" \
    "$status:$(grep -c "order-cancel: L.csv: reading back $here/\.L\.csv\.tmp-.*: Input/output error; nothing changed" err)" "2:1"

fresh "$B"
check "the journal cannot be read: exit 2" \
    "$(faulty FAULT_CALL=pread FAULT_PATH=.journal FAULT_NTH=1 FAULT_DO=EIO)" 2 \
    "order-cancel: L.csv: cannot read $J: Input/output error; nothing changed" ""
check "... nor by --verify" \
    "env LD_PRELOAD='$SHIM' FAULT_CALL=pread FAULT_NTH=1 FAULT_DO=EIO order-cancel -f L.csv --verify" 2 \
    "order-cancel: L.csv: cannot read $J: Input/output error"

fresh "$B"
check "the ledger cannot be read: exit 2" \
    "$(faulty FAULT_CALL=pread FAULT_PATH=L.csv FAULT_NTH=1 FAULT_DO=EIO)" 2 \
    "order-cancel: L.csv: read error: Input/output error" ""
same "... the file as it was" L.csv L.before
# its journal is read first, then the ledger for its digest
check "... nor for its digest by --verify" \
    "env LD_PRELOAD='$SHIM' FAULT_CALL=pread FAULT_PATH=L.csv FAULT_NTH=2 FAULT_DO=EIO order-cancel -f L.csv --verify" 2 \
    "order-cancel: L.csv: read error: Input/output error"

fresh "$B"
printf '{"time":"2026-' >>L.csv.journal
check "a last line cut short that cannot be removed: exit 2" \
    "$(faulty FAULT_CALL=ftruncate FAULT_PATH=.journal FAULT_NTH=1 FAULT_DO=EIO)" 2 \
    "order-cancel: L.csv: cannot remove the last line of $J, cut short: Input/output error; nothing changed" ""

fresh
env LD_PRELOAD="$SHIM" FAULT_CALL=rename FAULT_NTH=1 FAULT_DO=KILL \
    order-cancel -f L.csv $AT --yes "$B" -o csv >/dev/null 2>&1
check "an earlier run left unmarked that cannot be marked: exit 2" \
    "$(faulty FAULT_CALL=write FAULT_PATH=.journal FAULT_NTH=1 FAULT_DO=ENOSPC)" 2 \
    "order-cancel: L.csv: cannot write to $J: No space left on device; nothing changed" ""

fresh
run "$(faulty FAULT_CALL=write FAULT_PATH=.journal FAULT_NTH=3 FAULT_DO=KILLAFTER)"
r1=$(sed -n 1p L.csv.journal | sed 's/.*"run":"\([^"]*\)".*/\1/')
is "killed between the marks of its two changes: the file changed, one marked" \
    "$status:$(cmp -s L.csv L.before && echo old || echo new):$(grep -c '"state":"landed"' L.csv.journal)" \
    "137:new:1"
check "... the next run marks the other the same" \
    "order-cancel -f L.csv $AT --yes $B -o csv >/dev/null" 0 \
    "order-cancel: L.csv: run $r1 had marked 1 of its 2 changes landed in $J: marked the rest so
order-cancel: done: 1 order of 1 instance changed (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund"

if [ "$(id -u)" = 0 ]; then
	fresh
	check "as root, a lock file whose owner cannot be set: a note" \
	    "env LD_PRELOAD='$SHIM' FAULT_CALL=fchown FAULT_NTH=1 FAULT_DO=EIO order-cancel -f L.csv $AT --yes $B -o csv >/dev/null" 0 \
	    "order-cancel: L.csv: could not give $here/L.csv.lock its owner and group (Input/output error)
order-cancel: done: 1 order of 1 instance changed (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund"
else
	skip "as root, a lock file whose owner cannot be set: a note" "not root"
fi

# ---- the sweep ----

inconsistent=0 injected=0 kills=0 trials=0
bad() {	# a trial found wrong: say which, keep going
	inconsistent=$((inconsistent + 1))
	echo "$1" >>bad.txt
}

# trial KIND DO N: one run on a fresh copy of ledger $L (format $F), its
# N-th call failed or killed; then the checks
trial() {
	rm -f L.* .L.*
	cp "$F.old" "L.$F"
	[ -f "$F.journal0" ] && cp "$F.journal0" "L.$F.journal"
	rm -f hit
	env LD_PRELOAD="$SHIM" FAULT_NTH="$3" FAULT_DO="$2" FAULT_HIT=hit \
	    order-cancel -f "L.$F" $AT --yes $IDS -o csv >t.out 2>t.err
	st=$?
	trials=$((trials + 1))
	[ -f hit ] || return 1		# no N-th call: the run is done
	injected=$((injected + 1))
	what="$1 $2 at call $3 ($(cat hit)), status $st"
	if [ "$st" = 137 ]; then
		kills=$((kills + 1))
	fi
	if cmp -s "L.$F" "$F.new"; then
		now=new
	elif cmp -s "L.$F" "$F.old"; then
		now=old
	else
		bad "$what: the ledger is neither the old nor the new"
		return 0
	fi
	if [ "$st" != 137 ]; then
		if [ "$now" = old ] && { [ "$st" != 2 ] || [ -s t.out ]; }; then
			bad "$what: nothing changed, but not exit 2 alone"
		elif [ "$now" = new ] && [ "$st" = 2 ]; then
			bad "$what: the ledger changed, but exit 2"
		elif [ "$now" = new ] && ! grep -q ',cancel,' t.out &&
		    ! grep -q 'write error on standard output' t.err; then
			bad "$what: the ledger changed, but no receipts"
		fi
	fi
	order-cancel -f "L.$F" --verify -o csv >v.out 2>v.err ||
	    bad "$what: --verify: $(cat v.err)"
	landed=$(grep -c ',landed,' v.out)
	want=0
	[ "$now" = new ] && want=1
	[ "$landed" = "$want" ] ||
	    bad "$what: the ledger is the $now one, $landed runs landed"
	order-cancel -f "L.$F" $AT --yes $IDS -o csv >r.out 2>r.err ||
	    bad "$what: the run again: status $?: $(cat r.err)"
	cmp -s "L.$F" "$F.new" || bad "$what: the run again did not converge"
	order-cancel -f "L.$F" --verify -o csv >v.out 2>v.err ||
	    bad "$what: --verify after: $(cat v.err)"
	[ "$(grep -c ',landed,' v.out)" = 1 ] ||
	    bad "$what: after the run again, not one run landed"
	order-show -f "L.$F.journal" -o csv >/dev/null 2>&1 ||
	    bad "$what: the journal does not read as JSON lines"
	[ -z "$(ls -A | grep '^\.L\..*\.tmp-')" ] ||
	    bad "$what: a temporary file is left"
	return 0
}

# every N for every way of failing, on ledger format F
sweep() {
	for how in ENOSPC EIO KILL KILLAFTER; do
		before=$inconsistent n=1
		while trial "$1" "$how" "$n"; do
			n=$((n + 1))
		done
		is "$1: each of the $((n - 1)) calls $(echo $how |
		    sed 's/^KILLAFTER$/followed by SIGKILL/; s/^KILL$/preceded by SIGKILL/; s/^E/failed with E/')" \
		    "$((inconsistent - before))" 0
		[ "$inconsistent" = "$before" ] || tail -n 5 bad.txt | diag
	done
}

setup() {	# F: csv or yaml; the old bytes, the new, the journal first
	F=$1
	cp "gen.$F" "$F.old"
	IDS=$(ids_of "$F.old")
	cp "$F.old" "L.$F"
	order-cancel -f "L.$F" $AT --yes $IDS -o csv >/dev/null 2>&1
	cp "L.$F" "$F.new"
	rm -f "$F.journal0"
}

setup csv
rm -f L.* .L.*
cp csv.old L.csv
env LD_PRELOAD="$SHIM" FAULT_LOG=calls order-cancel -f L.csv $AT --yes \
    $IDS -o csv >/dev/null 2>&1
echo "# a run: $(wc -l <calls | tr -d ' ') calls: $(awk '{ print $2 }' calls |
    sort | uniq -c | awk '{ printf "%s %s, ", $1, $2 }' | sed 's/, $//')"
covered=$(awk '{ print $2 }' calls | sort -u | tr '\n' ' ')
sweep "csv"

# the journal ends with a run killed before its rename: each trial's run
# must mark it void first
setup csv
rm -f L.* .L.*
cp csv.old L.csv
first=$(echo "$IDS" | cut -d' ' -f1)
env LD_PRELOAD="$SHIM" FAULT_CALL=rename FAULT_NTH=1 FAULT_DO=KILL \
    order-cancel -f L.csv $AT --yes "$first" -o csv >/dev/null 2>&1
cp L.csv.journal csv.journal0
is "setup: a run killed before its rename left its intents" \
    "$(cmp -s L.csv csv.old && grep -c '"state":"intent"' csv.journal0)" 1
sweep "csv, after a killed run"

setup yaml
sweep "yaml"

echo "# syscalls covered: $covered"
echo "# trials: $trials; failures injected: $((injected - kills)); kills: $kills; inconsistencies: $inconsistent"
done_testing
