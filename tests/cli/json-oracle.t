#!/bin/sh
# Python's json module as the oracle of the JSON reader
# (tests/json_oracle.py).  Each valid file of tests/good (but those with a
# .cmd: envelopes and tags, which the oracle does not model) must read as
# the records Python's values make; each JSON file of tests/bad must be
# text Python refuses too, unless it is one of the valid texts refused by
# design (ecs-orders-files(5)), listed here, which Python must find valid.
. "$top_srcdir/tests/lib.sh"

oracle=$top_srcdir/tests/json_oracle.py
if ! command -v python3 >/dev/null 2>&1; then
	skip "JSON read as Python's json reads it" "python3 is not installed"
	done_testing
	exit
fi

# Valid JSON, refused for what it holds: a key twice, an empty key, NUL,
# a lone surrogate, a scalar at the top, items that are not records,
# values that are not what their field takes, an export of another kind.
by_design="json-duplicate-key.json json-duplicate-key-in-list.json
json-duplicate-tag-key.json json-duplicate-field-alias.json
json-duplicate-field-dotted.json json-empty-key.json json-nul-key.json
json-nul-escape.json json-lone-surrogate.json json-lone-low-surrogate.json
json-deep.json json-top-scalar.json json-top-null.json
json-list-of-numbers.json json-list-of-lists.json json-api-time.json
json-memory.json json-instance-list-unclosed.json quote-jsonl-amount.jsonl
kind-instances-as-orders.json kind-record-without-key.json
kind-stdin-no-key.json names-list-json.json names-show-pipe.json
shape-describe-disks.json exports-available-charge-type.json
exports-renewal-price.json cancel-json-ledger.json"

for f in "$top_srcdir"/tests/good/*.json "$top_srcdir"/tests/good/*.jsonl; do
	name=${f##*/}
	[ -f "${f%.*}.cmd" ] && continue
	run "order-show -i json -f '$f' -o jsonl >ours.jsonl &&
	    python3 '$oracle' records '$f' ours.jsonl"
	is "$name: the values Python's json reads" "$status$(cat out err)" 0
done

for f in "$top_srcdir"/tests/bad/*.json "$top_srcdir"/tests/bad/*.jsonl; do
	name=${f##*/}
	want=invalid
	case " $(echo $by_design) " in
	*" $name "*) want=valid ;;
	esac
	run "python3 '$oracle' verdict '$f'"
	is "$name: Python's json finds it $want" "$(cut -d: -f1 out)" "$want"
done

done_testing
