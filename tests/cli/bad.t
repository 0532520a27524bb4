#!/bin/sh
# The bad-input corpus: every file in tests/bad must be refused with exit
# status 2, exactly the message in its .err file, and nothing on stdout.
# The command is order-show -f FILE -o csv unless a .cmd file says another.
. "$top_srcdir/tests/lib.sh"

for f in "$top_srcdir"/tests/bad/*; do
	case $f in
	*.err|*.cmd) continue ;;
	esac
	name=${f##*/}
	base=${f%.*}
	cp "$f" "./$name"
	cmd="order-show -f $name -o csv"
	[ -f "$base.cmd" ] && cmd=$(cat "$base.cmd")
	check "$name" "$cmd" 2 "$(cat "$base.err")" ""
done

done_testing
