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

done_testing
