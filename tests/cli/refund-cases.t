#!/bin/sh
# The refund engine against tests/refund/cases.csv: SPEC 5's examples A-D
# and a table of boundary cases, each a few rows of data.  Rows of a case
# form its ledger; want_rule, want_consumed and want_refund are what
# refund-quote --per-order must print for that order row (a row with
# order_id "*" holds an instance's quote in one currency).  An empty want_
# field is not compared.
. "$top_srcdir/tests/lib.sh"

T=$top_srcdir/tests/refund
LEDGER=order_id,instance_id,order_type,charge_type,status,created_at,period_start,period_end,gross_amount,paid_amount,voucher_amount,currency,product,no_refund,refund_rule

# compare EXPECTED GOT KEYS: TAP lines for every expected row, matched on
# its first KEYS fields; fields after the keys are compared where expected.
compare() {
	awk -F, -v keys="$3" -v case="$c" -v n="$tap_n" -v failed=0 '
	FNR == 1 { next }
	NR == FNR { k = $1; for (i = 2; i <= keys; i++) k = k "," $i
		got[k] = $0; next }
	{
		k = $1; for (i = 2; i <= keys; i++) k = k "," $i
		split(got[k], g, ",")
		bad = ""
		for (i = keys + 1; i <= NF; i++)
			if ($i != "" && $i != g[i])
				bad = bad sprintf(" field %d: got \"%s\", want \"%s\";", i, g[i], $i)
		n++
		if (k in got && bad == "")
			printf "ok %d - %s: %s\n", n, case, $0
		else {
			printf "not ok %d - %s: %s\n#  %s\n", n, case, $0,
			    (k in got) ? bad : "no such quote"
			failed++
		}
	}
	END { print n, failed > "count" }' "$2" "$1"
	read -r tap_n f <count
	tap_failed=$((tap_failed + f))
}

order-show -f "$T/cases.csv" -c case -o csv | tail -n +2 | uniq >cases
while read -r c; do
	order-show -f "$T/cases.csv" -w "case = $c" -o csv >case.csv
	policy=$(order-show -f case.csv -c policy -o csv | sed -n 2p)
	at=$(order-show -f case.csv -c at -o csv | sed -n 2p)
	[ -f "$T/$policy" ] && policy=$T/$policy
	order-show -f case.csv -w 'order_id != *' -c $LEDGER -o csv >ledger.csv
	refund-quote -f ledger.csv --policy "$policy" --at "$at" --per-order \
	    -c order_id,rule,consumed,refund_amount -o csv >got-rows.csv
	refund-quote -f ledger.csv --policy "$policy" --at "$at" \
	    -c instance_id,currency,rule,consumed,refund_amount -o csv >got-inst.csv
	order-show -f case.csv -w 'order_id != *' -w 'want_rule ~ .' \
	    -c order_id,want_rule,want_consumed,want_refund -o csv >want-rows.csv
	order-show -f case.csv -w 'order_id = *' \
	    -c instance_id,currency,want_rule,want_consumed,want_refund -o csv \
	    >want-inst.csv
	compare want-rows.csv got-rows.csv 1
	compare want-inst.csv got-inst.csv 2
done <cases

run "order-show -f '$T/cases.csv' -w 'case ~ ^(A|B|B-voucher|C|D)\$' -c case -o csv | uniq | wc -l"
is "SPEC 5 examples A, B (with and without voucher), C and D are all there" \
    "$(tr -d ' ' <out)" 6
done_testing
