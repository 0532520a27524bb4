#!/bin/sh
# Selecting records: shortcut filters, --where, IDs, stdin, --sort.
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/orders.yaml" "$EX/instances.json" .
AT='--at 2025-06-15T00:00:00Z'

ids() {	# the order ids (or first column) of out, one line
	tail -n +2 out | cut -d, -f1 | tr '\n' ' ' | sed 's/ $//'
}

run 'order-show -f orders.csv --status Unpaid -c order_id -o csv'
is "--status" "$(ids)" "214017707302843 214034522306845 214041204538080"
run 'order-show -f orders.csv --status unpaid -c order_id -o csv'
is "--status ignores letter case" "$(ids)" \
    "214017707302843 214034522306845 214041204538080"
run 'order-show -f orders.yaml --status Unpaid -c order_id -o csv'
is "--status on the YAML ledger" "$(ids)" \
    "214017707302843 214034522306845 214041204538080"
run 'order-show -f orders.csv --status Unpaid,Cancelled -o csv | wc -l'
is "--status A,B: either" "$(tr -d ' ' <out)" 7
run 'order-show -f orders.csv --order-type Upgrade,TempUpgrade -c order_id -o csv'
is "--order-type" "$(ids)" \
    "212178472744400 212736141904158 212744675627236 212910493112828 214041204538080"
run 'order-show -f orders.csv --instance i-bp1nx8yanwl5xv1q2a4d -c order_id,order_type,status -o csv'
is "--instance" "$(cat out)" "order_id,order_type,status
213282255401857,New,Paid
214017707302843,Renew,Unpaid"
run "order-show -f orders.csv $AT --since now-30d -c order_id -o csv"
is "--since relative to --at" "$(ids)" \
    "213871736315921 213896493465924 213902008292759 213937917867537 213998188603343 214017707302843 214034522306845 214041204538080"
run 'order-show -f orders.csv --since 2025-06-01 --until 2025-06-10 -c order_id,created_at -o csv'
is "--since and --until (dates are local midnight, TZ=UTC here)" \
    "$(cat out)" "order_id,created_at
213937917867537,2025-06-02T04:26:18Z
213998188603343,2025-06-09T03:51:26Z"
run "order-show -f orders.csv --since 2025-04-28 --until 2025-04-29 -c order_id -o csv"
is "2025-04-27T23:58:09Z is not on 2025-04-28 in UTC" "$(ids)" ""
run "TZ=Asia/Seoul order-show -f orders.csv --since 2025-04-28 --until 2025-04-29 -c order_id -o csv"
is "... but is in Seoul: a date without offset is midnight in TZ" "$(ids)" \
    "213633908930448"

# --where
run "order-show -f orders.csv -w 'paid_amount >= 100000' -w 'currency = KRW' -c order_id -o csv | wc -l"
is "--where numbers, repeated --where ANDed" "$(tr -d ' ' <out)" 18
run "order-show -f orders.csv $AT --status Unpaid -w 'created_at < now-3d' -c order_id -o csv"
is "--where with now-3d (the cron example)" "$(ids)" "214017707302843"
run "order-show -f orders.csv -w 'voucher_amount > 0' -c order_id,voucher_amount -o csv"
is "empty amounts never compare as numbers" "$(cat out)" \
"order_id,voucher_amount
208262100021934,100.00
212666799970707,200.00
213896493465924,10.00
213937917867537,50000"
run "ecs-list -f instances.json -w 'name ~ ^(웹|결제)' -c name -o csv"
is "--where ~ with a regex on Korean names" "$(ids)" "웹서버-02 웹서버-01 결제-API"
run "ecs-list -f instances.json -w 'tags !~ env=prod' -w 'charge_type = PrePaid' -w 'status=Stopped' -c name -o csv"
is "--where !~" "$(ids)" \
    "gpu-infer-01 hpc-solver-01 데이터 분석 노드 sg-es-data-01"
run "ecs-list -f instances.json -w 'cpu > 8' -c name,cpu -o csv"
is "--where compares cpu as a number (20 > 8, though \"20\" < \"8\")" \
    "$(cat out)" "name,cpu
bigdata-dn-01,20"

# ecs-list shortcuts
run 'ecs-list -f instances.json --status Stopped --charge-type PrePaid -c instance_id -o csv'
is "--status and --charge-type" "$(ids)" \
    "i-bp1y94r5kzucwk218dt5 i-bp18sf25jwsrim28hyjh i-mj71caxkygikgtlcrp6a i-t4nm291flm4xbyo6uibp i-mj7ugukog2ze41yp4jjt"
run 'ecs-list -f instances.json --category gpu,high-clock -c name,category -o csv'
is "--category" "$(cat out)" "name,category
모니터링-서버,high-clock
gpu-infer-01,gpu
hpc-solver-01,high-clock"
run "ecs-list -f instances.json --type 'ecs.c7.*' --region ap-southeast-1 -c name -o csv"
is "--type glob and --region" "$(ids)" \
    "sg-batch-spot api-sg-01 api-sg-02 api-sg-03"
run "ecs-list -f instances.json $AT --expiring-within 4w -c name,expires_at -o csv"
is "--expiring-within" "$(cat out)" "name,expires_at
nginx-edge-hz,2025-06-18T07:12:00Z
sg-redis-cache,2025-07-02T03:30:00Z
결제-API,2025-06-25T04:00:00Z"
run "ecs-list -f instances.json $AT --expiring-within 3d -c name -o csv"
is "--expiring-within 3d: 2025-06-18T07:12Z is later" "$(ids)" ""
run "ecs-list -f instances.json $AT --expiring-within 3d7h12m -c name -o csv"
is "--expiring-within 3d7h12m: the end is included" "$(ids)" "nginx-edge-hz"

# IDs
run 'order-show -f orders.csv 214017707302843 i-mj7cz95qjngs0f838efv -c order_id -o csv'
is "positional IDs match order ids and instance ids" "$(ids)" \
    "211940995044149 214017707302843 214041204538080"
check "an ID not found is named, exit 1" \
    'order-show -f orders.csv 214017707302843 999 -c order_id -o csv' 1 \
    "order-show: 999: not found" "order_id
214017707302843"
run 'printf "214017707302843\n# a comment\n\n  214034522306845  \n" | order-show -f orders.csv - -c order_id -o csv'
is "- reads IDs a line, comments and blanks skipped" "$(ids)" \
    "214017707302843 214034522306845"
run 'ecs-list -f instances.json --status Stopped --charge-type PrePaid -o csv | order-show -f orders.csv - --status Paid -o csv | wc -l'
is "- reads the records another command printed" "$(tr -d ' ' <out)" 12
run 'ecs-list -f instances.json --region ap-northeast-2 -o json | ecs-list -f instances.json - -c instance_id -o csv | wc -l'
is "- reads JSON records too" "$(tr -d ' ' <out)" 9
run 'order-show -f orders.csv --status Unpaid -o csv | ecs-list -f instances.json - -c name -o csv'
is "- takes instance ids from order records for ecs-list" "$(ids)" \
    "nginx-edge-hz 웹서버-01 결제-API"
check "-f - and - together are refused" \
    'ecs-list -f - - </dev/null' 2 \
    "ecs-list: standard input cannot be both the file (-f -) and the list of IDs (-)
Try 'ecs-list --help' for more information."

# environment
run 'ECS_ORDERS=orders.csv order-show --status Unpaid -o csv | wc -l'
is "ECS_ORDERS is the default file" "$(tr -d ' ' <out)" 4
run 'ECS_INSTANCES=instances.json ecs-list --status Stopped -o csv | wc -l'
is "ECS_INSTANCES is the default file" "$(tr -d ' ' <out)" 7

# --sort
run 'order-show -f orders.csv --status Unpaid --sort paid_amount -c order_id,paid_amount -o csv'
is "--sort numbers as numbers" "$(cat out)" "order_id,paid_amount
214017707302843,95.00
214034522306845,142000
214041204538080,338537"
run 'order-show -f orders.csv --status Unpaid --sort created_at:desc -c order_id -o csv'
is "--sort :desc" "$(ids)" "214041204538080 214034522306845 214017707302843"
run "ecs-list -f instances.json --sort name -c name -o csv | sed -n '2p;\$p'"
is "--sort text by bytes" "$(cat out)" "api-sg-01
윈도우-빌드"
run 'order-show -f orders.csv --sort voucher_amount:desc -c voucher_amount -o csv | sed -n 2,6p | tr "\n" " "'
is "--sort puts empty values last" "$(cat out)" '50000 200.00 100.00 10.00 "" '
run 'cat instances.json | ecs-list -f - --sort cpu:desc -c name -o csv | sed -n 2p'
is "--sort on piped JSON" "$(cat out)" "bigdata-dn-01"

done_testing
