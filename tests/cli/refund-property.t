#!/bin/sh
# One engine, one answer: on random ledgers (several instances; New,
# Renew and Upgrade rows, some unpaid, pay-as-you-go or bought without
# refunds; vouchers; three currencies; policies intl and cn, the cn quota
# sometimes used already; times around the five-day window and the period
# boundaries), refund-quote --per-order and order-cancel --dry-run, given
# the same instances in the same random order, must give every order row
# the same refund and rule.  PROP_CASES ledgers (default 2000) from
# PROP_SEED (default 1), so a run is repeatable; a failing case is kept.
. "$top_srcdir/tests/lib.sh"

CASES=${PROP_CASES:-2000}
SEED=${PROP_SEED:-1}
DAY=86400

# case-N.csv (the ledger), args-N (policy and --at), ids-N (the instance
# IDs in the order both commands take them)
awk -v cases="$CASES" -v seed="$SEED" -v day="$DAY" '
function pick(n) { return int(rand() * n) }
function amount(minor, cur,	v) {
	v = 100 + pick(1000000)
	if (cur == "KRW")
		return sprintf("%d", v * 10)
	return sprintf("%d.%02d", int(v / 100), v % 100)
}
function row(f, id, inst, rel, type, charge, status, created, start, end,
    gross, paid, voucher, cur, norefund, rule) {
	printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,ecs,%s,%s\n", id, inst,
	    rel, type, charge, status, created, start, end, gross, paid,
	    voucher, cur, norefund, rule >f
}
function t(s) { return s == "" ? "" : "@" s }
function norefund() { return rand() < 0.05 ? "true" : "" }
BEGIN {
	srand(seed)
	split("1 3 6 12 24 36", months, " ")
	split("CNY USD KRW", curs, " ")
	for (c = 1; c <= cases; c++) {
		f = "case-" c ".csv"
		print "order_id,instance_id,related_order_id,order_type,charge_type,status,created_at,period_start,period_end,gross_amount,paid_amount,voucher_amount,currency,product,no_refund,refund_rule" >f
		at = 1741564800 + pick(400) * day + pick(day)
		print (rand() < 0.6 ? "cn" : "intl"), "@" at >("args-" c)
		if (rand() < 0.2)	# the cn quota of the year used already
			row(f, "W" c, "i-used", "", "Refund", "Subscription",
			    "Refunded", t(at - pick(20) * day), "", "", "",
			    "-" amount(2, "CNY"), "", "CNY", "", "no-reason")
		n = 1 + pick(5)
		for (i = 1; i <= n; i++) {
			inst = "i-" c "-" i
			ids[i] = inst
			cur = curs[1 + pick(3)]
			charge = rand() < 0.05 ? "PayAsYouGo" : "Subscription"
			# often within the five days, often a month long: the
			# no-reason rule, and its quota, come into play
			created = at - pick((rand() < 0.7 ? 5 : 10) * day)
			start = created + 300
			end = start + (rand() < 0.4 ? 1 : months[1 + pick(6)]) * \
			    30 * day
			gross = amount(2, cur)
			paid = rand() < 0.3 ? amount(2, cur) : gross
			if (paid + 0 > gross + 0)
				paid = gross
			voucher = ""
			if (rand() < 0.2 && cur == "KRW")
				voucher = sprintf("%d", int(paid / 10))
			else if (rand() < 0.2)
				voucher = sprintf("%d.00", int(paid / 10))
			status = rand() < 0.05 ? "Unpaid" : "Paid"
			if (charge == "PayAsYouGo")
				row(f, "N" c "-" i, inst, "", "New", charge,
				    status, t(created), "", "", "0", "0", "",
				    cur, "", "")
			else
				row(f, "N" c "-" i, inst, "", "New", charge,
				    status, t(created), t(start), t(end), gross,
				    paid, voucher, cur, norefund(), "")
			if (charge == "Subscription" && rand() < 0.4)
				row(f, "R" c "-" i, inst, "N" c "-" i, "Renew",
				    charge, (rand() < 0.05 ? "Unpaid" : "Paid"),
				    t(end - pick(20) * day), t(end),
				    t(end + 12 * 30 * day), amount(2, cur),
				    amount(2, cur), "", cur, "", "")
			if (charge == "Subscription" && rand() < 0.2 &&
			    start < at)
				row(f, "U" c "-" i, inst, "N" c "-" i,
				    "Upgrade", charge, "Paid",
				    t(start + pick(at - start)),
				    t(start + pick(at - start)), t(end),
				    amount(2, cur), amount(2, cur), "", cur, "",
				    "")
		}
		for (i = n; i > 1; i--) {	# the order of the run
			j = 1 + pick(i)
			s = ids[i]; ids[i] = ids[j]; ids[j] = s
		}
		for (i = 1; i <= n; i++)
			print ids[i] >("ids-" c)
		close(f); close("args-" c); close("ids-" c)
	}
}'

c=1
while [ "$c" -le "$CASES" ]; do
	read -r policy at <"args-$c"
	refund-quote -f "case-$c.csv" --policy "$policy" --at "$at" \
	    --per-order -c order_id,instance_id,rule,refund_amount -o csv \
	    $(cat "ids-$c") >"q-$c.csv" 2>/dev/null
	order-cancel -f "case-$c.csv" --policy "$policy" --at "$at" -n \
	    --max 1000 -c order_id,instance_id,action,refund_amount,refund_rule \
	    -o csv $(cat "ids-$c") >"c-$c.csv" 2>/dev/null
	c=$((c + 1))
done

# Every row order-cancel refunds is refunded so by refund-quote, and every
# row refund-quote would refund something is refunded by order-cancel.
awk -F, -v cases="$CASES" '
FNR == 1 { split(FILENAME, p, /[-.]/); k = p[2]; next }
FILENAME ~ /^q-/ { q[k, $1, $2] = $4 "," $3; if ($4 + 0 != 0) nz[k, $1, $2] = 1
	next }
$3 == "refund" { got[k, $1, $2] = $4 "," $5; refunds++ }
END {
	for (x in got)
		if (!(x in q) || q[x] != got[x]) {
			split(x, e, SUBSEP)
			printf "case %s: order %s: order-cancel %s, refund-quote %s\n",
			    e[1], e[2], got[x], (x in q) ? q[x] : "none"
			bad++
		}
	for (x in nz)
		if (!(x in got)) {
			split(x, e, SUBSEP)
			printf "case %s: order %s: refund-quote %s, order-cancel none\n",
			    e[1], e[2], q[x]
			bad++
		}
	print refunds + 0, bad + 0 >"verdict"
}' $(i=1; while [ $i -le "$CASES" ]; do echo "q-$i.csv c-$i.csv"; i=$((i + 1)); done) >mismatch
read -r refunds bad <verdict
is "refund-quote and order-cancel --dry-run agree on $CASES random ledgers ($refunds rows refunded)" \
    "$bad" 0
head -n 20 mismatch | diag
if [ "$bad" != 0 ]; then
	mkdir -p "$top_builddir/tests/prop-failed"
	for k in $(awk '{ print $2 }' mismatch | tr -d : | sort -u | head -n 5); do
		cp "case-$k.csv" "args-$k" "ids-$k" "$top_builddir/tests/prop-failed/"
	done
	echo "kept in tests/prop-failed" | diag
fi
grep -l no-reason q-*.csv | wc -l | tr -d ' ' >noreason
is "... the no-reason rule among them" "$(test "$(cat noreason)" -gt 0 && echo yes)" yes

done_testing
