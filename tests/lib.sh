# TAP for the command tests.  A test script sources this; it then works in
# a scratch directory of its own, with the environment cleared of ECS_*
# settings, so no test reads or changes anything outside it.

set -u
: "${top_srcdir:?run the tests through make check}"
EX=$top_srcdir/examples
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ecs-orders-test.XXXXXX") || exit 99
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 99
unset ECS_ORDERS ECS_INSTANCES ECS_POLICY NO_COLOR COLUMNS
TZ=UTC
LC_ALL=C.UTF-8
export TZ LC_ALL
tap_n=0
tap_failed=0

pass() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

fail() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# Indent text as TAP comments.
diag() {
	sed 's/^/#   /'
}

# run 'COMMAND': run a shell command line here, stdin empty unless the line
# says otherwise; sets $status and leaves the files out and err.
run() {
	sh -c "$1" >out 2>err </dev/null
	status=$?
}

# is NAME GOT WANT
is() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		printf 'got:  %s\nwant: %s\n' "$2" "$3" | diag
	fi
}

# same NAME FILE EXPECTED-FILE: byte for byte
same() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1"
		diff -u "$3" "$2" | head -n 30 | diag
	fi
}

# check NAME 'COMMAND' STATUS 'STDERR' ['STDOUT']: one case, its exit status,
# its exact standard error and, when given, its standard output.
check() {
	run "$2"
	if [ "$status" = "$3" ] && [ "$(cat err)" = "$4" ] &&
	    { [ $# -lt 5 ] || [ "$(cat out)" = "$5" ]; }; then
		pass "$1"
	else
		fail "$1"
		{
			echo "command: $2"
			echo "status: $status (want $3)"
			echo "stderr:"; cat err
			echo "want stderr:"; printf '%s\n' "$4"
			if [ $# -ge 5 ]; then
				echo "stdout:"; cat out
				echo "want stdout:"; printf '%s\n' "$5"
			fi
		} | diag
	fi
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# case_run CASE: run the data-driven case CASE.cmd (an absolute path
# without its .cmd) in a new directory named after it, holding a copy of
# the files of examples/ and of CASE.in/, with $EX set and standard input
# empty.  Leaves NAME.out, NAME.err and NAME.status here.  The case driver
# (tests/cli/cases.t) and tests/cases/new both run cases through this.
case_run() {
	case_name=${1##*/}
	rm -rf "$case_name" && mkdir "$case_name" || return 99
	for f in "$EX"/*; do
		case $f in
		*.lock) ;;		# a lock file is no example
		*) cp "$f" "$case_name/" || return 99 ;;
		esac
	done
	if [ -d "$1.in" ]; then
		cp -R "$1.in/." "$case_name/" || return 99
	fi
	chmod -R u+w "$case_name"	# copies of a read-only source tree
	(cd "$case_name" && EX=$EX sh "$1.cmd" </dev/null) \
	    >"$case_name.out" 2>"$case_name.err"
	echo $? >"$case_name.status"
}
