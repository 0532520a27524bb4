#!/bin/sh
# order-cancel's lock cannot be stolen: a run that waited at its prompt
# while the lock file was removed, or while another program changed the
# file, changes nothing; a run that got a lock file removed while it
# waited for it takes the one the path names; no run removes another's
# temporary file.  A dry run needs no write access and makes no lock.
. "$top_srcdir/tests/lib.sh"

AT='--at 2025-06-15T00:00:00Z'
cp "$EX/orders.csv" pristine.csv
A=214017707302843		# Unpaid
B=214034522306845		# Unpaid, of another instance
fresh() { cp pristine.csv orders.csv; rm -f orders.csv.lock orders.csv.journal; }

# until COMMAND: poll it, a tenth of a second at a time, for at most 30 s
until_true() {
	n=0
	while ! sh -c "$1" 2>/dev/null; do
		n=$((n + 1))
		[ $n -lt 300 ] || return 1
		sleep 0.1
	done
}

# at_prompt: run order-cancel for $A on a terminal in the background,
# stopped at its y/N prompt; answer with "echo y >&7", then "finish".
at_prompt() {
	rm -f answer prompt.out
	mkfifo answer
	exec 7<>answer
	script -qec "order-cancel -f orders.csv $AT $A -o csv" /dev/null \
	    <answer >prompt.out 2>&1 &
	prompter=$!
	until_true "grep -q 'y/N' prompt.out"
}
finish() {
	wait "$prompter"
	prompt_status=$?
	exec 7>&-
}

if command -v script >/dev/null 2>&1 && command -v flock >/dev/null 2>&1
then
	fresh
	at_prompt
	rm orders.csv.lock	# taken for stale
	run "order-cancel -f orders.csv $AT --yes $B -o csv"
	is "the lock file removed while a run waits at its prompt: another run goes through" "$status" 0
	cp orders.csv after-b.csv
	echo y >&7
	finish
	is "... and the waiting run, told yes, changes nothing: exit 2" "$prompt_status" 2
	is "... saying why" \
	    "$(grep -c 'order-cancel: orders.csv: changed by another program since this run read it; nothing changed, try again' prompt.out)" 1
	same "... the other run's change stays" orders.csv after-b.csv

	fresh
	at_prompt
	sed 's/,Unpaid,/,Unpaid ,/' pristine.csv >edited.csv
	cp edited.csv orders.csv	# an editor that takes no lock
	echo y >&7
	finish
	is "an edit by a program that takes no lock, made at the prompt: exit 2" "$prompt_status" 2
	same "... the edit stays" orders.csv edited.csv

	# a lock file removed while a run waits for it locks nothing: the
	# run must then wait for the one the path names
	fresh
	touch orders.csv.lock
	flock orders.csv.lock sh -c 'until [ -e go1 ]; do sleep 0.05; done' &
	h1=$!
	until_true "[ -n \"\$(ls -l /proc/$h1/fd 2>/dev/null | grep orders.csv.lock)\" ] || ! kill -0 $h1"
	order-cancel -f orders.csv $AT --yes --wait 60 $A -o csv >waiter.out 2>&1 &
	waiter=$!
	until_true "ls -l /proc/$waiter/fd | grep -q orders.csv.lock"
	mv orders.csv.lock old.lock
	touch orders.csv.lock
	flock orders.csv.lock sh -c 'until [ -e go2 ]; do sleep 0.05; done' &
	h2=$!
	until_true "ls -l /proc/$h2/fd | grep -q 'orders.csv.lock\$'"
	touch go1	# the first lock is free now, but no longer the file's
	wait "$h1"
	until_true "! kill -0 $waiter || ls -l /proc/$waiter/fd | grep -q 'orders.csv.lock\$'"
	same "a lock file replaced while a run waited for it: the run waits for the new one" orders.csv pristine.csv
	touch go2
	wait "$h2"
	wait "$waiter"
	is "... and goes through once that is free" "$?:$(grep "^$A," waiter.out | cut -d, -f3)" 0:cancel
else
	skip "runs at a prompt and held locks" "script(1) or flock(1) is not installed"
fi

# temporary files: a killed run's go, a live one's stay
fresh
host=$(uname -n)
sh -c 'exit 0' &
dead=$!
wait "$dead"
sleep 300 &
live=$!
touch ".orders.csv.tmp-$host-$dead-AbCdEf" ".orders.csv.tmp-$host-$live-AbCdEf" \
    ".orders.csv.tmp-other.host-$dead-AbCdEf"
run "order-cancel -f orders.csv $AT --yes $A -o csv"
is "a temporary file of a process that is gone is removed" \
    "$status:$(test -e ".orders.csv.tmp-$host-$dead-AbCdEf" && echo kept || echo removed)" 0:removed
is "... one of a live process is not" \
    "$(test -e ".orders.csv.tmp-$host-$live-AbCdEf" && echo kept || echo removed)" kept
is "... nor one of another host" \
    "$(test -e ".orders.csv.tmp-other.host-$dead-AbCdEf" && echo kept || echo removed)" kept
kill "$live"
rm -f .orders.csv.tmp-*

# --wait
check "--wait beyond a day" "order-cancel -f orders.csv --wait 86401 $A" 2 \
    "order-cancel: --wait wants a whole number of seconds from 0 to 86400, not \"86401\"
Try 'order-cancel --help' for more information."
check "--wait that would overflow" "order-cancel -f orders.csv --wait 9223372036854775807 $A" 2 \
    "order-cancel: --wait wants a whole number of seconds from 0 to 86400, not \"9223372036854775807\"
Try 'order-cancel --help' for more information."
check "--wait not a number" "order-cancel -f orders.csv --wait soon $A" 2 \
    "order-cancel: --wait wants a whole number of seconds from 0 to 86400, not \"soon\"
Try 'order-cancel --help' for more information."
fresh
run "order-cancel -f orders.csv $AT --yes --wait 86400 $A -o csv"
is "--wait 86400 is taken" "$status" 0

# dry runs
fresh
run "order-cancel -f orders.csv $AT -n $A -o csv"
is "a dry run makes no lock file" \
    "$status:$(test -e orders.csv.lock && echo made || echo none)" 0:none
if command -v flock >/dev/null 2>&1; then
	touch orders.csv.lock
	flock orders.csv.lock sh -c 'until [ -e go3 ]; do sleep 0.05; done' &
	h3=$!
	until_true "ls -l /proc/$h3/fd | grep -q orders.csv.lock"
	check "a dry run waits for a run that holds the lock (exit 3 after --wait)" \
	    "order-cancel -f orders.csv $AT -n --wait 0 $A -o csv" 3 \
	    "order-cancel: orders.csv: locked by another process ($(pwd -P)/orders.csv.lock); nothing changed, try again later"
	touch go3
	wait "$h3"
	run "order-cancel -f orders.csv $AT -n --wait 0 $A -o csv"
	is "... and goes through under a shared lock once it is free" "$status" 0
fi
check "a dry run on /dev/null: not a regular file" \
    "order-cancel -n -f /dev/null $A" 2 \
    "order-cancel: /dev/null: not a regular file"
is "... and no /dev/null.lock" "$(test -e /dev/null.lock && echo made || echo none)" none
check "a real run on /dev/null: the same, before any lock" \
    "order-cancel --yes -f /dev/null $A" 2 \
    "order-cancel: /dev/null: not a regular file"
is "... no /dev/null.lock either" "$(test -e /dev/null.lock && echo made || echo none)" none

mkdir ro
cp pristine.csv ro/orders.csv
chmod 0444 ro/orders.csv
chmod 0555 ro
as_user=
if [ "$(id -u)" = 0 ]; then
	chmod 0755 .
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	command -v setpriv >/dev/null 2>&1 || as_user=skip
fi
if [ "$as_user" = skip ]; then
	skip "a dry run of a read-only user" "root, and no setpriv to drop it"
else
	run "$as_user order-cancel -f ro/orders.csv $AT -n $A -c action -o csv"
	is "a dry run of a read-only user, in a read-only directory" \
	    "$status:$(tail -n 1 out):$(cat err)" \
	    "0:cancel:order-cancel: dry run: 1 order of 1 instance would change (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund; nothing changed"
	run "$as_user order-cancel -f ro/orders.csv $AT --yes $A -c action -o csv"
	is "... where a real run cannot make its lock" "$status:$(cat err)" \
	    "2:order-cancel: ro/orders.csv: cannot open $(pwd -P)/ro/orders.csv.lock: Permission denied; nothing changed"
fi
chmod 0755 ro

done_testing
