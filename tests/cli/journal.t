#!/bin/sh
# The journal cannot lie (order-cancel(1), ecs-orders-files(5)): a run writes
# its changes as intents before it replaces the file and marks them
# landed after; a run that ended in between is marked by the next by the
# file's digest; a line cut short is removed, never written after; a
# journal that cannot be written, or a change it cannot hold, changes
# nothing; order-cancel --verify says what became of each run.
. "$top_srcdir/tests/lib.sh"

AT='--at 2025-06-15T00:00:00Z'
cp "$EX/orders.csv" pristine.csv
A=214017707302843		# Unpaid
B=214034522306845		# Unpaid, of another instance
C=214041204538080		# Unpaid, of a third
I=i-t4ntvbhuvivkglvfijrx	# a paid instance: two changes and a Refund row
fresh() { rm -rf orders.csv*; cp pristine.csv orders.csv; }
here=$(pwd -P)
J=$here/orders.csv.journal
run_of() {	# the run id of line $1 of the journal
	sed -n "$1p" orders.csv.journal | sed 's/.*"run":"\([^"]*\)".*/\1/'
}
outcomes() {	# outcome:marked of each run --verify lists
	tail -n +2 out | awk -F, '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $1, $2 }'
}

# what a run writes
fresh
run "order-cancel -f orders.csv $AT --yes $A $I -o csv"
is "a run: its three changes as intents, then each again, marked landed" \
    "$status:$(sed 's/.*"state":"\([a-z]*\)".*/\1/' orders.csv.journal | tr '\n' ' ')" \
    "0:intent intent intent landed landed landed "
is "... by the run itself" \
    "$(grep -c "\"marked_by\":\"$(run_of 1)\"" orders.csv.journal)" 3
is "... all of one run, from the digest of the file read to that of the file written" \
    "$(sed 's/.*"run":"\([^"]*\)","state":"[a-z]*","sha256_before":"\([0-9a-f]*\)","sha256_after":"\([0-9a-f]*\)".*/\1 \2 \3/' orders.csv.journal | sort -u | wc -l | tr -d ' '):$(sed -n 1p orders.csv.journal | grep -c "\"sha256_before\":\"$(sha256sum <pristine.csv | cut -d' ' -f1)\",\"sha256_after\":\"$(sha256sum <orders.csv | cut -d' ' -f1)\"")" 1:1
is "... each change with its aliyun call" \
    "$(order-show -f orders.csv.journal -w 'state = intent' -c order_id,api_call -o csv | sed -n 2p)" \
    "$A,aliyun bssopenapi CancelOrder --OrderId $A"
run "order-cancel -f orders.csv --verify -c changes,outcome,marked -o csv"
is "--verify: the run landed, as the journal says; exit 0" "$status:$(cat out):$(cat err)" \
    "0:changes,outcome,marked
3,landed,yes:"
run "order-cancel -f orders.csv --verify -o csv"
is "... its columns: run, time, user, host, changes, outcome, marked" \
    "$(head -n 1 out):$(tail -n 1 out | cut -d, -f1)" \
    "run,time,user,host,changes,outcome,marked:$(run_of 1)"
fresh
run "order-cancel -f orders.csv --verify"
is "--verify with no journal: nothing to say, exit 0" "$status:$(cat err)" "0:"
check "--verify takes no IDs" "order-cancel -f orders.csv --verify $A" 2 \
    "order-cancel: --verify takes no IDs, --plan or --script: it reads the whole journal
Try 'order-cancel --help' for more information."

# a journal that cannot be written: refused before the file changes
fresh
mkdir orders.csv.journal
check "a journal that is a directory: exit 2, nothing changed, no receipts" \
    "order-cancel -f orders.csv $AT --yes $A -o csv" 2 \
    "order-cancel: orders.csv: $J is a directory, not a regular file; nothing changed" ""
same "... the file as it was" orders.csv pristine.csv
fresh
mkfifo orders.csv.journal
check "a journal that is a FIFO: refused at once, not waited on" \
    "timeout 20 order-cancel -f orders.csv $AT --yes $A -o csv" 2 \
    "order-cancel: orders.csv: $J is a FIFO, not a regular file; nothing changed" ""
same "... the file as it was" orders.csv pristine.csv
fresh
echo 'not to be touched' >target
ln -s target orders.csv.journal
check "a journal that is a symbolic link: not followed, refused" \
    "order-cancel -f orders.csv $AT --yes $A -o csv" 2 \
    "order-cancel: orders.csv: $J is a symbolic link, not a regular file; nothing changed" ""
is "... what it names is untouched" "$(cat target)" "not to be touched"
same "... the file as it was" orders.csv pristine.csv
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	fresh
	mkdir shared
	cp pristine.csv shared/orders.csv
	touch shared/orders.csv.lock shared/orders.csv.journal
	chmod 0777 shared
	chmod 0666 shared/orders.csv shared/orders.csv.lock
	chmod 0644 shared/orders.csv.journal
	chmod 0755 .
	check "a journal the user may not write: refused, nothing changed" \
	    "setpriv --reuid=65534 --regid=65534 --clear-groups order-cancel -f shared/orders.csv $AT --yes $A -o csv" 2 \
	    "order-cancel: shared/orders.csv: cannot open $here/shared/orders.csv.journal: Permission denied; nothing changed" ""
	same "... the file as it was" shared/orders.csv pristine.csv
else
	skip "a journal the user may not write" "not root, or no setpriv"
	skip "... the file as it was" "not root, or no setpriv"
fi

# a change the journal cannot hold: refused before the file changes
printf 'order_id,instance_id,status,currency\nA1,i-x,Unpaid,C\377Y\n' >bad.csv
cp bad.csv bad-pristine.csv
check "a value that is not UTF-8 cannot be journaled: exit 2, nothing changed" \
    "order-cancel -f bad.csv --yes A1 -o csv" 2 \
    "order-cancel: bad.csv: the change of order \"A1\" cannot be journaled: its currency is not valid UTF-8; nothing changed" ""
same "... the file as it was" bad.csv bad-pristine.csv
is "... and the journal holds nothing" "$(wc -c <bad.csv.journal | tr -d ' ')" 0

# a last line cut short (a full disk, a crash): removed, never glued to
fresh
run "order-cancel -f orders.csv $AT --yes $A -o csv"
printf '{"time":"2026-' >>orders.csv.journal
run "order-cancel -f orders.csv --verify -c outcome -o csv"
is "--verify: a last line cut short is no disagreement, said" "$status:$(cat err)" \
    "0:order-cancel: $J:3: cut short by a crash or a full disk: the next run that changes the file removes it"
check "the next run removes it, and says so" \
    "order-cancel -f orders.csv $AT --yes $B -o csv >/dev/null" 0 \
    "order-cancel: orders.csv: removed the last line of $J, cut short by a crash or a full disk: \"{\\\"time\\\":\\\"2026-\"
order-cancel: done: 1 order of 1 instance changed (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund"
run "order-show -f orders.csv.journal -c state -o csv"
is "... every line of the journal whole again" "$status:$(tail -n +2 out | tr '\n' ' ')" \
    "0:intent landed intent landed "

# a run that ended between its intents and its mark
fresh
cp pristine.csv before.csv
run "order-cancel -f orders.csv $AT --yes $A -o csv"
r1=$(run_of 1)
sed -i '$d' orders.csv.journal		# killed after the rename
run "order-cancel -f orders.csv --verify -c outcome,marked -o csv"
is "killed after its rename: --verify finds it landed by the digest" \
    "$status:$(outcomes):$(cat err)" "0:landed:no:"
check "... the next run that changes the file marks it landed" \
    "order-cancel -f orders.csv $AT --yes $B -o csv >/dev/null" 0 \
    "order-cancel: orders.csv: run $r1 had not marked its changes in $J; the file is the one it wrote: marked them landed
order-cancel: done: 1 order of 1 instance changed (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund"
run "order-cancel -f orders.csv --verify -c outcome,marked -o csv"
is "... and the journal says so" "$status:$(outcomes)" "0:landed:yes landed:yes"
fresh
run "order-cancel -f orders.csv $AT --yes $A -o csv"
r1=$(run_of 1)
sed -i '$d' orders.csv.journal		# killed before the rename
cp pristine.csv orders.csv
run "order-cancel -f orders.csv --verify -c outcome,marked -o csv"
is "killed before its rename: --verify finds it void by the digest" \
    "$status:$(outcomes):$(cat err)" "0:void:no:"
check "... the next run that changes the file marks it void" \
    "order-cancel -f orders.csv $AT --yes $B -o csv >/dev/null" 0 \
    "order-cancel: orders.csv: run $r1 ended before it changed the file: marked its changes void in $J
order-cancel: done: 1 order of 1 instance changed (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund"
run "order-cancel -f orders.csv --verify -c outcome,marked -o csv"
is "... and the journal says so" "$status:$(outcomes)" "0:void:yes landed:yes"
fresh
run "order-cancel -f orders.csv $AT --yes $A -o csv"
r1=$(run_of 1)
sed -i '$d' orders.csv.journal
echo '999,i-added-by-hand' >>orders.csv	# and then edited by hand
run "order-cancel -f orders.csv --verify -c outcome,marked -o csv"
is "killed, then the file edited: --verify cannot tell, exit 1" \
    "$status:$(outcomes):$(cat err)" \
    "1:unknown:no:order-cancel: $J:1: whether the changes of run $r1 landed is not known: check those orders"
check "... nor can the next run, which marks it so and says why" \
    "order-cancel -f orders.csv $AT --yes $B -o csv >/dev/null" 0 \
    "order-cancel: orders.csv: run $r1 ended without marking its changes, and the file has since been changed by another program: whether they landed is not known; marked them unknown in $J: check those orders
order-cancel: done: 1 order of 1 instance changed (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund"

# --verify: what the journal does not account for
fresh
run "order-cancel -f orders.csv $AT --yes $A -o csv"
echo '999,i-added-by-hand' >>orders.csv
run "order-cancel -f orders.csv --verify -c outcome -o csv"
is "--verify: the file changed since the last run, by another program: exit 1" \
    "$status:$(cat err)" \
    "1:order-cancel: $J: the file is not the one the journal's last run left: another program changed it since"
run "order-cancel -f orders.csv $AT --yes $B -o csv"
run "order-cancel -f orders.csv --verify -c outcome -o csv"
is "... which the next run's start then shows" "$status:$(cat err)" \
    "1:order-cancel: $J:3: run $(run_of 3) did not start from the file the runs before it left: another program changed it in between"
fresh
run "order-cancel -f orders.csv $AT --yes $A -o csv"
cp orders.csv.journal good.journal
echo 'not json' >>orders.csv.journal
run "order-cancel -f orders.csv --verify -c outcome -o csv"
is "--verify: a line that is not the journal's: exit 1" "$status:$(cat err)" \
    "1:order-cancel: $J:3: not a line of the journal"
cp good.journal orders.csv.journal
sed -n 2p good.journal >>orders.csv.journal
run "order-cancel -f orders.csv --verify -c outcome -o csv"
is "--verify: a run marked more often than it has changes: exit 1" "$status:$(cat err)" \
    "1:order-cancel: $J:3: marks run $(run_of 1) more often than it has changes"
fresh
run "order-cancel -f orders.csv $AT --yes $A $B -o csv"
sed -i '$s/"state":"landed"/"state":"void"/' orders.csv.journal
run "order-cancel -f orders.csv --verify -c outcome -o csv"
is "--verify: a run marked two ways: exit 1" "$status:$(cat err)" \
    "1:order-cancel: $J:4: marks run $(run_of 1) void, which it marked landed before"
fresh
run "order-cancel -f orders.csv $AT --yes $A $B -o csv"
r1=$(run_of 1)
sed -i '$d' orders.csv.journal		# killed between its two marks
run "order-cancel -f orders.csv --verify -c outcome,marked -o csv"
is "--verify: a run that marked one of its two changes: landed, noted" \
    "$status:$(outcomes):$(cat err)" \
    "0:landed:yes:order-cancel: $J:1: run $r1 marks 1 of its 2 changes: the next run that changes the file marks the rest"
check "... the next run that changes the file marks the other" \
    "order-cancel -f orders.csv $AT --yes $C -o csv >/dev/null" 0 \
    "order-cancel: orders.csv: run $r1 had marked 1 of its 2 changes landed in $J: marked the rest so
order-cancel: done: 1 order of 1 instance changed (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund"
is "... and the journal has every change of it marked landed" \
    "$(grep "\"run\":\"$r1\"" orders.csv.journal | grep -c '"state":"landed"')" 2
sed -n 2p good.journal | sed 's/"run":"[^"]*"/"run":"elsewhere"/' >orders.csv.journal
run "order-cancel -f orders.csv --verify -c outcome -o csv"
is "--verify: a mark of a run with no changes: exit 1" "$status:$(cat err)" \
    "1:order-cancel: $J:1: marks run elsewhere, of which the journal has no changes before"
fresh
printf '%s\n' '{"time":"2024-01-01T00:00:00Z","user":"old","host":"h","order_id":"1","before":"Unpaid","after":"Cancelled"}' >orders.csv.journal
run "order-cancel -f orders.csv $AT --yes $A -o csv"
run "order-cancel -f orders.csv --verify -c changes,outcome -o csv"
is "a journal begun by an older version, which kept no digests, goes on" \
    "$status:$(tail -n +2 out):$(cat err)" "0:1,landed:"
done_testing
