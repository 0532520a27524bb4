#!/bin/sh
# The command cases of tests/cases, one TAP line each: a new case is new
# files, never new code.  A case NAME is
#   NAME.cmd     a shell command line (a pipeline, or a few joined by &&),
#                run by sh in a directory of its own holding a copy of every
#                file of examples/ (so -f orders.csv reads the bundled
#                ledger) and of the files under NAME.in/, if there is one;
#                $EX names examples/ itself, standard input is empty, and
#                the environment is that of every test here: no ECS_*
#                variables, TZ=UTC, LC_ALL=C.UTF-8.  A first line "# TEXT"
#                says what the case shows; it follows NAME in the TAP line.
#   NAME.out     its exact standard output; absent: it must be empty
#   NAME.err     its exact standard error; absent: it must be empty
#   NAME.status  its exit status; absent: 0
# Nothing may depend on the time it runs: give --at wherever a command
# would read the clock.  tests/cases/README says more, and how to record a
# new case with tests/cases/new.
. "$top_srcdir/tests/lib.sh"

for c in "$top_srcdir"/tests/cases/*.cmd; do
	[ -f "$c" ] || continue
	src=${c%.cmd}
	name=${src##*/}
	what=$(sed -n '1s/^# //p' "$c")
	case_run "$src"
	want_status=0
	[ -f "$src.status" ] && want_status=$(cat "$src.status")
	want_out=/dev/null
	[ -f "$src.out" ] && want_out=$src.out
	want_err=/dev/null
	[ -f "$src.err" ] && want_err=$src.err
	if [ "$(cat "$name.status")" = "$want_status" ] &&
	    cmp -s "$name.out" "$want_out" && cmp -s "$name.err" "$want_err"
	then
		pass "$name${what:+: $what}"
		continue
	fi
	fail "$name${what:+: $what}"
	{
		grep -v '^#' "$c" | sed 's/^/command: /'
		echo "status: $(cat "$name.status") (want $want_status)"
		cmp -s "$name.out" "$want_out" || {
			echo "stdout, - wanted + got:"
			diff -u "$want_out" "$name.out" | tail -n +3 | head -n 30
		}
		cmp -s "$name.err" "$want_err" || {
			echo "stderr, - wanted + got:"
			diff -u "$want_err" "$name.err" | tail -n +3 | head -n 30
		}
	} | diag
done

# Every CSV ledger a cancel or import case changed stays rectangular: a
# column the ledger added is in every row (read by Python's csv module).
if ! command -v python3 >/dev/null 2>&1; then
	skip "the CSV ledgers cancel and import cases changed are rectangular" \
	    "python3 is not installed"
else
	: >changed.txt
	for d in cancel-*/ import-*/; do
		for f in "$d"*.csv; do
			[ -f "$f" ] || continue
			was=$EX/${f##*/}
			[ -f "$top_srcdir/tests/cases/${d%/}.in/${f##*/}" ] &&
			    was=$top_srcdir/tests/cases/${d%/}.in/${f##*/}
			cmp -s "$f" "$was" || echo "$f" >>changed.txt
		done
	done
	run "xargs python3 '$top_srcdir/tests/csv_rect.py' <changed.txt"
	is "the $(wc -l <changed.txt | tr -d ' ') CSV ledgers cancel and import cases changed have as many fields in every row as in the header" \
	    "$status:$(cat out err):$([ -s changed.txt ] && echo some)" 0::some
fi

done_testing
