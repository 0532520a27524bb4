#!/bin/sh
# The bad-input corpus: every file in tests/bad must be refused with exit
# status 2, exactly the message in its .err file, and nothing on stdout.
# The command is order-show -f FILE -o csv unless a .cmd file says another;
# a file given to order-cancel must be byte for byte as it was.
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
	case $cmd in
	order-cancel*)
		same "$name: the ledger is unchanged" "$name" "$f"
		is "$name: no journal was written" \
		    "$(test -e "$name.journal" && echo yes || echo no)" no ;;
	esac
done

done_testing
