#!/bin/sh
# The command line of ecs-list and order-show: every usage error with its
# message and status, file and write errors (SPEC 6, 7).  --help and
# --version are cases in tests/cases (list-help*, show-help*, *-version).
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/instances.json" .
HINT="Try 'order-show --help' for more information."

for c in ecs-list order-show; do
	run "$c --help >/dev/full"
	is "$c --help to a full disk fails" "$status" 2
done

check "unknown option" 'order-show --frobnicate' 2 \
    "order-show: unrecognized option '--frobnicate'
$HINT"
check "missing option argument" 'order-show -f' 2 \
    "order-show: option requires an argument -- 'f'
$HINT"
check "missing long option argument" 'order-show --status' 2 \
    "order-show: option '--status' requires an argument
$HINT"
check "unknown short option" 'order-show -Z' 2 \
    "order-show: invalid option -- 'Z'
$HINT"
check "messages name the command, however it is run" \
    "'$top_builddir/order-show' --frobnicate" 2 \
    "order-show: unrecognized option '--frobnicate'
$HINT"
check "unknown output format" 'order-show -f orders.csv -o xml' 2 \
    "order-show: unknown output format \"xml\" (csv, tsv, table, yaml, json, jsonl)
$HINT"
check "unknown input format" 'order-show -f orders.csv -i xls' 2 \
    "order-show: unknown input format \"xls\" (csv, tsv, yaml, json)
$HINT"
check "delimiter of two characters" "order-show -f orders.csv -d ';;'" 2 \
    "order-show: -d wants one character (or '\\t'), not \";;\"
$HINT"
check "a column named twice" 'order-show -f orders.csv -c order_id,OrderId' 2 \
    "order-show: -c names \"OrderId\" twice
$HINT"
check "empty column list" "order-show -f orders.csv -c ,," 2 \
    "order-show: -c wants a comma-separated list of fields
$HINT"
check "bad --sort" 'order-show -f orders.csv --sort created_at:up' 2 \
    "order-show: --sort wants FIELD, FIELD:asc or FIELD:desc, not \"created_at:up\"
$HINT"
check "bad --at" 'order-show -f orders.csv --at 2025-02-30' 2 \
    'order-show: --at "2025-02-30" is not a timestamp'"
$HINT"
check "bad --since" 'order-show -f orders.csv --since last-week' 2 \
    'order-show: --since "last-week" is not a time (a timestamp, or now±DURATION such as now-3d)'"
$HINT"
check "bad --until" 'order-show -f orders.csv --until now-3x' 2 \
    'order-show: --until "now-3x" is not a time (a timestamp, or now±DURATION such as now-3d)'"
$HINT"
check "bad --expiring-within" 'ecs-list -f instances.json --expiring-within 3' 2 \
    "ecs-list: --expiring-within \"3\" is not a duration (like 90s, 30m, 12h, 5d, 2w, 1d12h)
Try 'ecs-list --help' for more information."
check "--where without an operator" "order-show -f orders.csv -w 'status Paid'" 2 \
    "order-show: --where 'status Paid': expected FIELD OP VALUE, OP one of = != < <= > >= ~ !~
$HINT"
check "--where with an unknown operator" "order-show -f orders.csv -w 'status <> Paid'" 2 \
    "order-show: --where 'status <> Paid': unknown operator; use one of = != < <= > >= ~ !~
$HINT"
check "--where with a bad regex" "order-show -f orders.csv -w 'status ~ (Paid'" 2 \
    'order-show: bad regular expression "(Paid": Unmatched ( or \('"
$HINT"
check "no file" 'order-show --status Paid' 2 \
    'order-show: no file to read: give -f FILE (- for standard input) or set ECS_ORDERS'"
$HINT"
check "no instances file" 'ecs-list' 2 \
    "ecs-list: no file to read: give -f FILE (- for standard input) or set ECS_INSTANCES
Try 'ecs-list --help' for more information."
check "file not found" 'order-show -f nowhere.csv' 2 \
    'order-show: nowhere.csv: No such file or directory'
check "a directory" 'order-show -f .' 2 \
    'order-show: .: is a directory'
check "a path through a file" 'order-show -f orders.csv/x' 2 \
    'order-show: orders.csv/x: Not a directory'
cp orders.csv secret.csv
chmod 0 secret.csv
if [ "$(id -u)" = 0 ]; then
	skip "unreadable file" "root reads every file"
else
	check "unreadable file" 'order-show -f secret.csv' 2 \
	    'order-show: secret.csv: Permission denied'
fi
check "-c names a column the CSV does not have" 'order-show -f orders.csv -c order_id,stauts' 2 \
    'order-show: orders.csv: -c names "stauts", which is neither an order field nor a column of this file; did you mean status?'
check "--where names a column the CSV does not have" "order-show -f orders.csv -w 'stauts=Paid'" 2 \
    'order-show: orders.csv: --where names "stauts", which is neither an order field nor a column of this file; did you mean status?'
check "--sort names a column the CSV does not have" 'order-show -f orders.csv --sort stauts' 2 \
    'order-show: orders.csv: --sort names "stauts", which is neither an order field nor a column of this file; did you mean status?'

# writing
check "a full disk is an error, not a short file" \
    'order-show -f orders.csv -o csv >/dev/full' 2 \
    'order-show: write error on standard output: No space left on device'
awk 'NR == 1 || NR > 1 { for (i = 0; i < 200; i++) if (NR > 1 || i == 0) print }' \
    orders.csv >big.csv
check "a closed pipe with SIGPIPE ignored is an error" \
    "trap '' PIPE; order-show -f big.csv -o csv | true" 0 \
    'order-show: write error on standard output: Broken pipe'
run 'order-show -f big.csv -o csv | head -n 1'
is "a closed pipe otherwise ends quietly" "$(cat err)" ""

done_testing
