#!/bin/sh
# tests/golden.sh BUILDDIR OUTDIR: run the commands of the README and of
# the manual pages' EXAMPLES (with a fixed --at), and order-cancel on
# copies of the ledgers, on examples/ and on bench/gen's data, writing
# each command's standard output, standard error and exit status, and the
# ledgers and journals it left, into OUTDIR.  Run it before and after a
# change that must not change behaviour, and diff -r the two directories.
# Journal lines lose what differs from run to run: times, run ids, user,
# host and the digests of a file that holds a time.
set -u
build=$(cd "$1" && pwd) || exit 2
out=$2
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
PATH=$build:$PATH
TZ=UTC
LC_ALL=C.UTF-8
export PATH TZ LC_ALL
unset ECS_ORDERS ECS_INSTANCES ECS_POLICY NO_COLOR
AT='--at 2025-06-15T00:00:00Z'
n=0

# case 'COMMAND LINE': its output, errors and status as case-N.*
case_() {
	n=$((n + 1))
	printf '%s\n' "$1" >"$out/case-$n.cmd"
	sh -c "$1" >"$out/case-$n.out" 2>"$out/case-$n.err" </dev/null
	echo $? >"$out/case-$n.status"
}

# keep FILE...: files a case left, journals without what varies
keep() {
	for k in "$@"; do
		case $k in
		*.journal) sed -E 's/"(time|run|user|host|marked_by|sha256_before|sha256_after)":"[^"]*"/"\1":""/g' \
		    "$k" >"$out/case-$n.$(basename "$k")" ;;
		*) cp "$k" "$out/case-$n.$(basename "$k")" ;;
		esac
	done
}

cp "$src"/examples/* .

# README
case_ "ecs-list -f instances.json $AT --expiring-within 4w -c instance_id,name,expires_at"
case_ "ecs-list -f instances.json --status Stopped --charge-type PrePaid -o csv | order-show -f orders.csv --status Paid -"
case_ "order-show -f order-detail.json -o csv"
case_ "order-show -f orders.csv $AT --status Unpaid --where 'created_at < now-3d'"
case_ "ecs-list -f instances.json --status Stopped --charge-type PrePaid -o csv | refund-quote -f orders.csv $AT -"
case_ "refund-quote -f orders.csv $AT --explain i-t4ntvbhuvivkglvfijrx"
cp orders.csv l.csv
case_ "order-show -f l.csv --status Unpaid --where 'created_at < now-3d' $AT | order-cancel -f l.csv $AT --yes -"
keep l.csv l.csv.journal

# the manual pages' EXAMPLES
case_ "ecs-list -f instances.json --type 'ecs.c7.*' --region ap-southeast-1 -c instance_id,name,status,charge_type"
case_ "ecs-list -f instances.json -w 'cpu > 8' -c name,cpu,memory_gib"
case_ "ecs-list -f instances.json -w 'tags ~ (^|;)env=prod(;|\$)'"
case_ "ecs-list -f instances.json --status Stopped --charge-type PrePaid | order-show -f orders.csv --status Paid - -c order_id,instance_id,order_type,period_end"
case_ "ecs-list -f instances.json -o csv > instances.csv && ecs-list -f instances.csv --sort memory_gib:desc -c name,instance_type,memory_gib,category"
case_ "order-show -f orders.csv --status Unpaid | ecs-list -f instances.json - -c instance_id,name,status"
case_ "order-show -f orders.csv -w 'paid_amount >= 100000' -w 'currency = KRW'"
case_ "order-show -f orders.csv -w 'order_type ~ Upgrade\$'"
case_ "ecs-list -f instances.json -w \"os_name ~ '^Windows'\""
case_ "ecs-list -f instances.json -w 'expires_at < 2026-01-01'"
case_ "order-show -f orders.csv --instance i-bp1nx8yanwl5xv1q2a4d -c order_id,order_type,status,period_start,period_end"
case_ "order-show -f orders.csv --since 2025-06-01 --until 2025-06-10"
case_ "order-show -f orders.csv -w 'currency = KRW' -w 'paid_amount >= 100000' --sort paid_amount:desc"
case_ "order-show -f orders.csv -o yaml"
case_ "order-show -f orders.csv -o json"
case_ "order-show -f orders.csv -o jsonl"
case_ "order-show -f orders.csv -o tsv"
case_ "order-show -f orders.csv -o table"
case_ "order-show -f orders.csv -c order_id,status 214017707302843 999"
case_ "refund-quote -f orders.csv $AT --policy cn --per-order 213998188603343"
case_ "refund-quote --print-policy --policy intl"
case_ "refund-quote --print-policy --policy cn"
case_ "refund-quote -f orders.csv $AT -w 'refund_amount > 0'"
case_ "refund-quote -f orders.yaml $AT --per-order"
case_ "refund-quote -f orders.csv $AT --instances instances.json"
for f in orders.csv orders.yaml; do
	cp "$f" "l-$f"
	case_ "order-cancel -f l-$f --instances instances.json $AT -n -c order_id,action,refund_amount,currency,refund_rule i-bp18sf25jwsrim28hyjh"
	case_ "order-cancel -f l-$f --instances instances.json $AT --yes i-bp18sf25jwsrim28hyjh 214017707302843 i-t4ntvbhuvivkglvfijrx i-mj75vuw4hubm4xh6anlv"
	keep "l-$f" "l-$f.journal"
	case_ "order-cancel -f l-$f --verify -c changes,outcome,marked"
	case_ "order-cancel -f l-$f --policy cn $AT --yes 212910493112828 213998188603343 211045349536217 999"
	keep "l-$f" "l-$f.journal"
done

# bench/gen's data
"$build"/bench/gen orders 200000 csv >big.csv
"$build"/bench/gen orders 20000 yaml >big.yaml
"$build"/bench/gen instances 20000 json >big.json
case_ "order-show -f big.csv --status Unpaid -o csv | cksum"
case_ "order-show -f big.csv -o json | cksum"
case_ "order-show -f big.yaml -o csv | cksum"
case_ "ecs-list -f big.json --status Running -c instance_id | cksum"
case_ "ecs-list -f big.json -o csv | cksum"
case_ "refund-quote -f big.csv $AT | cksum"
case_ "refund-quote -f big.csv $AT --per-order --policy cn | cksum"
for f in big.csv big.yaml; do
	ids=$(order-show -f "$f" --status Unpaid -c order_id -o csv |
	    sed -n '2,40p' | tr '\n' ' ')
	inst=$(order-show -f "$f" --status Paid -c instance_id -o csv |
	    sed -n '2,30p' | tr '\n' ' ')
	case_ "order-cancel -f $f $AT --yes --max 200 $ids $inst | cksum"
	keep "$f.journal"
	case_ "cksum <$f"
done
echo "$n cases in $out"
