#!/bin/sh
# order-show and ecs-list write csv and tsv rows of YAML and JSON input
# to a temporary file until they know every column (cmd/support/spool.h):
# a failure to write or read it back is an error, exit 2, and nothing is
# printed, never part of a result.  Run under tests/faults/fault.so.
. "$top_srcdir/tests/lib.sh"

SHIM=$top_builddir/tests/faults/fault.so
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

if [ ! -f "$SHIM" ]; then
	skip "fault injection" "tests/faults/fault.so was not built"
	done_testing
	exit
fi

"$top_builddir/bench/gen" orders 400 yaml >gen.yaml
order-show -f gen.yaml -o csv >want.csv
order-show -f gen.yaml -o csv -c "$(head -n 1 want.csv)" >fixed.csv
same "the rows spooled are the rows written with the columns given" \
    want.csv fixed.csv

check "the temporary file cannot be written: exit 2, nothing printed" \
    "env LD_PRELOAD='$SHIM' FAULT_CALL=write FAULT_NTH=1 FAULT_DO=ENOSPC order-show -f gen.yaml -o csv" 2 \
    "order-show: cannot use a temporary file: No space left on device" ""
check "it cannot be read back: exit 2, nothing printed" \
    "env LD_PRELOAD='$SHIM' FAULT_CALL=pread FAULT_NTH=1 FAULT_DO=EIO order-show -f gen.yaml -o tsv" 2 \
    "order-show: cannot use a temporary file: Input/output error" ""
check "ecs-list spools the same way" \
    "env LD_PRELOAD='$SHIM' FAULT_CALL=pread FAULT_NTH=1 FAULT_DO=EIO ecs-list -f '$EX/instances.json' -o csv" 2 \
    "ecs-list: cannot use a temporary file: Input/output error" ""
done_testing
