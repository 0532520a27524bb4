#!/bin/sh
# The manual pages are well-formed mdoc: mandoc -Tlint finds nothing.
. "$top_srcdir/tests/lib.sh"

for page in "$top_srcdir"/man/*.[157]; do
	name=${page##*/}
	if ! command -v mandoc >/dev/null 2>&1; then
		skip "$name is clean mdoc" "mandoc is not installed"
		continue
	fi
	run "mandoc -Tlint -Wwarning '$page'"
	is "$name is clean mdoc" "$status:$(cat out err)" "0:"
done

# The state table of order-cancel(1): a line a row, at 80 columns, under
# both formatters a system may use.
# table: "LINES ROWS", the lines of the table and the rows whose exit
# status stands apart at the end of theirs.
table() {
	sed -n '/What happens to an order/,/^ *not in the file/p' >table.txt
	echo "$(wc -l <table.txt) $(grep -c '[a-z]   *[01]$' table.txt)"
}
page=$top_srcdir/man/order-cancel.1
if command -v mandoc >/dev/null 2>&1; then
	is "order-cancel(1): the state table, a line a row, under mandoc" \
	    "$(mandoc -Tutf8 -Owidth=80 "$page" | col -bx | table)" "10 8"
else
	skip "order-cancel(1): the state table under mandoc" "no mandoc"
fi
if command -v groff >/dev/null 2>&1; then
	is "order-cancel(1): the state table, a line a row, under groff" \
	    "$(groff -mandoc -Tutf8 -rLL=78n -P-c "$page" 2>/dev/null |
	    col -bx | table)" "10 8"
else
	skip "order-cancel(1): the state table under groff" "no groff"
fi

# "man ecs-orders" is the overview: no page of another section has its
# name (man looks in section 5 before 7).
is "man ecs-orders finds the overview, ecs-orders(7), alone" \
    "$(cd "$top_srcdir/man" && ls ecs-orders.*)" "ecs-orders.7"

# Plain words after a flag macro render as flags ("-: -standard -input"):
# none in any page.
if command -v mandoc >/dev/null 2>&1; then
	for page in "$top_srcdir"/man/*.[157]; do
		mandoc -Tutf8 "$page" | col -bx
	done >pages.txt
	is "no page renders plain words as flags (-standard -input)" \
	    "$(grep -E -- '(^|[ (])-(standard|input|output)( |$|[),])' \
	    pages.txt)" ""
else
	skip "no page renders plain words as flags" "no mandoc"
fi

done_testing
