#!/bin/sh
# Every input of the fuzz corpora (seeds, and inputs that once crashed a
# harness) through its harness: none may fail a property or crash.
. "$top_srcdir/tests/lib.sh"

for h in csv csvdiff yaml json values where policy ledger plan rescan; do
	dir=$top_srcdir/tests/fuzz/corpus/$h
	n=$(ls "$dir" | wc -l | tr -d ' ')
	run "'$top_builddir/tests/fuzz/replay_$h' '$dir'"
	is "fuzz harness $h: its $n corpus inputs pass" "$status$(head -c 300 err)" 0
done

done_testing
