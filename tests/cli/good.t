#!/bin/sh
# The good-input corpus: every file in tests/good is read with exit status
# 0, nothing on standard error, and exactly its .out on standard output.
# The command is order-show -f FILE -o jsonl unless a .cmd file says
# another; that one is run on the file through a pipe too, which hands
# the reader pieces of it.
. "$top_srcdir/tests/lib.sh"

for f in "$top_srcdir"/tests/good/*; do
	case $f in
	*.out|*.cmd) continue ;;
	esac
	name=${f##*/}
	base=${f%.*}
	cp "$f" "./$name"
	cmd="order-show -f $name -o jsonl"
	[ -f "$base.cmd" ] && cmd=$(cat "$base.cmd")
	check "$name" "$cmd" 0 "" "$(cat "$base.out")"
	[ -f "$base.cmd" ] ||
	    check "$name through a pipe" "cat $name | order-show -f - -o jsonl" \
	    0 "" "$(cat "$base.out")"
done

done_testing
