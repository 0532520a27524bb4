#!/bin/sh
# What the commands do on a terminal (run on a pseudo-terminal of a given
# width by tests/tty/ptyrun): tables by default, the columns an admin
# looks at first, fitted to the width (COLUMNS, or the terminal's),
# --wide, bold headers and when not, refund-quote's totals after its
# table; and -H, which goes with every format.
. "$top_srcdir/tests/lib.sh"

PTY=$top_builddir/tests/tty/ptyrun
cp "$EX/orders.csv" "$EX/instances.json" .
AT='--at 2025-06-15T00:00:00Z'
TERM=xterm
export TERM
ESC=$(printf '\033')

# widest FILE: the most display columns of a line, escapes not counted.
widest() {
	sed "s/$ESC\[[0-9]*m//g" "$1" | wc -L
}

# fits NAME WIDTH: out is a table of at most WIDTH display columns
fits() {
	if [ "$status" = 0 ] && [ -s out ] && [ "$(widest out)" -le "$2" ]; then
		pass "$1"
	else
		fail "$1"
		{ echo "status $status, widest line $(widest out)"; cat out err; } |
		    diag
	fi
}

# --- the width ---
for w in 80 120; do
	run "'$PTY' $w ecs-list -f instances.json"
	fits "ecs-list on a $w-column terminal: a table within $w columns" $w
	run "'$PTY' $w order-show -f orders.csv"
	fits "order-show on a $w-column terminal: within $w columns" $w
	run "'$PTY' $w refund-quote -f orders.csv --instances instances.json $AT"
	fits "refund-quote on a $w-column terminal: within $w columns" $w
done

run "'$PTY' 120 ecs-list -f instances.json --region ap-northeast-2"
is "ecs-list at 120 columns: the default columns, bold heading" \
    "$(sed -n 1p out)" \
    "${ESC}[1minstance_id             name              status   instance_type      region          charge_type  expires_at${ESC}[0m"
is "... Korean names line up by display width, nothing left out" \
    "$(sed -n 2p out)|$(cat err)" \
    "i-mj75vuw4hubm4xh6anlv  윈도우-빌드       Running  ecs.g7.xlarge      ap-northeast-2  PrePaid      2025-09-06T05:55:00Z|"

run "'$PTY' 80 ecs-list -f instances.json --region ap-northeast-2"
is "at 80 columns: the last columns left out, and said so" \
    "$(sed -n 1p out)|$(cat err)" \
    "${ESC}[1minstance_id             name              status   instance_type${ESC}[0m|ecs-list: 3 columns left out to fit 80 columns; --wide or -c shows them"

run "'$PTY' 12 ecs-list -f instances.json -c tags"
fits "a lone column too wide for the terminal is cut" 12
is "... with an ellipsis" "$(grep -c '^env=prod;te…$' out)" 16

run "COLUMNS=100 ecs-list -f instances.json -o table"
fits "COLUMNS sets the width of a table on a pipe" 100
is "... that has the default columns" "$(head -n 1 out | wc -w)" 6
run "COLUMNS=100 ecs-list -f instances.json -o csv"
is "... and changes nothing in csv" \
    "$(head -n 1 out | tr ',' '\n' | wc -l)" \
    "$(ecs-list -f instances.json -o csv | head -n 1 | tr ',' '\n' | wc -l)"
run "COLUMNS=wide ecs-list -f instances.json -o table --region nowhere"
is "a COLUMNS that is no width is said and ignored" \
    "$status|$(cat err)" \
    '0|ecs-list: COLUMNS "wide" is not a width; it is ignored'

run "'$PTY' 12 ecs-list -f instances.json --wide -c tags"
is "--wide: no cell is cut, whatever the width" \
    "$(grep -c '…' out) $(grep -c '^env=prod;team=payment$' out)" "0 1"
run "'$PTY' 80 order-show -f orders.csv --wide"
is "--wide: every column of the file" \
    "$(head -n 1 out | sed "s/$ESC\[[0-9]*m//g" | wc -w)" \
    "$(head -n 1 orders.csv | tr ',' '\n' | wc -l)"
run "'$PTY' 80 order-show -f orders.csv -o csv"
same "-o csv on a terminal: every column, as in the file" out orders.csv

# --- bold, and when not ---
run "'$PTY' 80 ecs-list -f instances.json -c name"
is "bold on a terminal" "$(head -c 4 out | od -An -c | tr -d ' ')" '033[1m'
for env in 'TERM=dumb' 'NO_COLOR=1' 'TERM='; do
	run "$env '$PTY' 80 ecs-list -f instances.json -c name"
	is "no bold with $env" "$(head -n 1 out)" "name"
done
run "'$PTY' 80 ecs-list -f instances.json -c name --color=never"
is "--color=never" "$(head -n 1 out)" "name"
run "NO_COLOR=1 ecs-list -f instances.json -c name -o table --color=always"
is "--color=always, even to a pipe and over NO_COLOR" \
    "$(head -n 1 out)" "${ESC}[1mname${ESC}[0m"
run "ecs-list -f instances.json -c name -o table --color"
is "--color alone is auto: no bold on a pipe" "$(head -n 1 out)" "name"
check "--color takes auto, always or never" \
    "ecs-list -f instances.json --color=sometimes" 2 \
    "ecs-list: --color \"sometimes\" is not auto, always or never
Try 'ecs-list --help' for more information."

# --- refund-quote's totals ---
run "'$PTY' 200 refund-quote -f orders.csv --instances instances.json $AT -w 'currency == USD'"
is "a table of quotes on a terminal ends with their totals" \
    "$(tail -n 3 out | sed "s/$ESC\[[0-9]*m//g")" \
    "
currency  instances  cash_paid  consumed  refund_amount
USD               8   22869.71  20315.92        3200.32"
run "refund-quote -f orders.csv --instances instances.json $AT -w 'currency == USD' -o table"
is "... not on a pipe" "$(grep -c '^currency' out)" 0
run "refund-quote -f orders.csv --instances instances.json $AT -o csv --total"
is "--total: the totals alone, per currency" "$(cat out)" \
"currency,instances,cash_paid,consumed,refund_amount
CNY,10,214066.99,196918.82,13376.71
KRW,8,17856054,12264676,5279890
USD,8,22869.71,20315.92,3200.32"
sum=$(refund-quote -f orders.csv --instances instances.json $AT -o csv \
    -c refund_amount,currency -w 'currency == USD' | awk -F, \
    'NR > 1 { split($1, p, "."); c += p[1] * 100 + p[2] } END { printf "%d.%02d", c / 100, c % 100 }')
is "... the refund of USD, added up from the quotes by hand" \
    "$(grep '^USD' out | cut -d, -f5)" "$sum"
run "refund-quote -f orders.csv --instances instances.json $AT -o csv --total --per-order"
is "--total --per-order: the same totals" "$(cat out)" \
    "$(refund-quote -f orders.csv --instances instances.json $AT -o csv --total)"
run "refund-quote -f orders.csv --instances instances.json $AT -o csv --total --best -w 'currency == USD'"
is "--total --best: what waiting gains, in all" "$(cat out)" \
"currency,instances,refund_amount,today,gain
USD,8,3200.79,3200.32,0.47"
for o in --schedule --explain '-c rule'; do
	check "--total does not go with $o" \
	    "refund-quote -f orders.csv $AT --total $o" 2 \
	    "refund-quote: --total does not go with ${o% *}
Try 'refund-quote --help' for more information."
done

# --- -H ---
run "order-show -f orders.csv -H -c order_id 213998188603343"
is "-H: csv without its header" "$(cat out)" "213998188603343"
run "order-show -f orders.csv --no-header -o tsv -c order_id,status 213998188603343"
is "--no-header: tsv without its header" "$(cat out)" "213998188603343	Paid"
run "'$PTY' 80 order-show -f orders.csv -H -c order_id,status 213998188603343"
is "-H: a table without its heading" "$(cat out)" "213998188603343  Paid"
run "order-show -f orders.csv -H -o json -c order_id 213998188603343"
is "-H: nothing to leave out of json" "$(cat out)" '[
{"order_id":"213998188603343"}
]'

done_testing
