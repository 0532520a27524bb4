#!/bin/sh
# Every long option a command takes (its table in the source, and the
# common ones of cmd/support/opts.h) is in its --help and its manual page,
# and neither names an option the command does not take: --help is true.
. "$top_srcdir/tests/lib.sh"

# taken CMD: the long options of cmd/CMD.c's table and the common table.
taken() {
	{
		sed -n '/^#define COMMON_LONG/,/^$/p' \
		    "$top_srcdir/cmd/support/opts.h"
		sed -n '/longopts\[\] = {/,/^};/p' "$top_srcdir/cmd/$1.c"
	} | sed -n 's/^[[:space:]]*{ "\([a-z-]*\)",.*/\1/p' | sort -u
}

for cmd in ecs-list order-show refund-quote order-cancel order-import; do
	taken "$cmd" >taken
	"$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sed 's/^--//' |
	    sort -u >help
	sed -n 's/.*Fl -\([a-z][a-z-]*\).*/\1/p' \
	    "$top_srcdir/man/$cmd.1" | sort -u >man
	if [ "$(wc -l <taken)" -lt 12 ]; then
		fail "$cmd: its options are found in its source"
		diag <taken
		continue
	fi
	# --help also names options of other commands' in its prose
	# (none today); only what it leaves out is a defect.
	is "$cmd: --help names every option it takes" \
	    "$(comm -23 taken help | tr '\n' ' ')" ""
	is "$cmd: --help names no option it does not take" \
	    "$(comm -13 taken help | tr '\n' ' ')" ""
	is "$cmd: its manual page has every option it takes" \
	    "$(comm -23 taken man | tr '\n' ' ')" ""
done

done_testing
