#!/bin/sh
# tests/valgrind.sh BUILDDIR COMMAND...: run COMMAND (make check) with the
# commands replaced by wrappers that run them under valgrind, each
# writing its report to a file; then fail if any report is not empty.
set -u
build=$1
shift
dir=$(mktemp -d "${TMPDIR:-/tmp}/ecs-orders-valgrind.XXXXXX") || exit 2
mkdir "$dir/bin" "$dir/logs"
# some tests run a command as another user: let them run it and report
chmod 0755 "$dir" "$dir/bin"
chmod 1777 "$dir/logs"
for c in ecs-list order-show refund-quote order-cancel order-import; do
	# a log of its own for each run: named by process id alone, a
	# log of another user's run with the same id, reused, could not
	# be written; and no gdbserver, whose file in /tmp, named by the
	# process id too, another user's run could not make when one of
	# root's with the same id was killed and left its own
	cat >"$dir/bin/$c" <<WRAP
#!/bin/sh
log=\$(mktemp "$dir/logs/$c.XXXXXXXX") || exit 98
exec valgrind -q --vgdb=no --leak-check=full \\
    --errors-for-leak-kinds=definite,indirect \\
    --error-exitcode=99 --log-file="\$log" "$build/$c" "\$@"
WRAP
	chmod +x "$dir/bin/$c"
done
TEST_WRAP=$dir/bin KILL_TRIALS=${KILL_TRIALS:-5} PROP_CASES=${PROP_CASES:-25} "$@"
status=$?
bad=$(find "$dir/logs" -type f -size +0 | head -n 20)
if [ -n "$bad" ]; then
	for f in $bad; do
		echo "== $f"
		cat "$f"
	done
	echo "valgrind reported errors" >&2
	status=1
fi
echo "valgrind: $(ls "$dir/logs" | wc -l) runs checked" >&2
rm -rf "$dir"
exit $status
