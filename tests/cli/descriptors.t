#!/bin/sh
# Standard descriptors closed by the caller: every command opens them on
# /dev/null before any file, so no file it opens takes their place.
. "$top_srcdir/tests/lib.sh"

if [ -n "${TEST_WRAP:-}" ]; then
	# valgrind's own files (its log) take the descriptors closed here
	skip "closed standard descriptors" "the commands run under a wrapper"
	done_testing
	exit
fi

AT='--at 2025-06-15T00:00:00Z'
# over 1 MiB, so that order-cancel makes its new file while it reads
"$top_builddir/bench/gen" orders 8000 >pristine.csv
id=$(awk -F, '$7 == "Unpaid" { print $1; exit }' pristine.csv)
cp pristine.csv want.csv
order-cancel -f want.csv $AT --yes "$id" NOSUCHID >/dev/null 2>&1

cp pristine.csv orders.csv
check "order-cancel with 0, 1 and 2 closed: exit 1 (not found), no message" \
    "order-cancel -f orders.csv $AT --yes $id NOSUCHID <&- >&- 2>&-" 1 ""
same "... the file is the one a run with them open writes" orders.csv want.csv

cp pristine.csv orders.csv
check "standard output closed: the file changes, the receipts cannot be written: exit 1" \
    "order-cancel -f orders.csv $AT --yes $id >&-" 1 \
    "order-cancel: write error on standard output: Bad file descriptor
order-cancel: done: 1 order of 1 instance changed (1 cancelled, 0 refunded), 0 refused, 0 already done; no refund"
same "... the file is changed as it should be" orders.csv want.csv
is "... and the receipts are not in the lock file" "$(wc -c <orders.csv.lock | tr -d ' ')" 0

cp pristine.csv orders.csv
check "a dry run with standard output closed: exit 2, nothing changed" \
    "order-cancel -f orders.csv $AT --dry-run $id >&- 2>/dev/null" 2 ""
same "... the file as it was" orders.csv pristine.csv

check "order-show with standard output closed: exit 2, said" \
    "order-show -f orders.csv >&-" 2 \
    "order-show: write error on standard output: Bad file descriptor"
check "ecs-list with standard input closed reads it as empty: refused" \
    "ecs-list -f - <&-" 2 \
    "ecs-list: <stdin>: empty: no records, not even a CSV header (did what wrote it fail?)" ""
check "refund-quote with standard error closed still answers" \
    "refund-quote -f orders.csv $AT -c instance_id,rule $id -o csv 2>&-" 0 "" \
    "$(refund-quote -f orders.csv $AT -c instance_id,rule "$id" -o csv)"

done_testing
