#!/bin/sh
# order-cancel --plan and --apply: a plan carried out exactly as reviewed,
# or refused, nothing changed, naming each thing that differs now.
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/orders.yaml" "$EX/instances.json" .
cp orders.csv pristine.csv
cp instances.json pristine.json
AT='--at 2025-06-15T00:00:00Z'
LATER='--at 2025-06-16T00:00:00Z'
# an unpaid order, a stopped instance, and one the other runs touch
IDS='214017707302843 i-bp18sf25jwsrim28hyjh i-t4nm291flm4xbyo6uibp'
fresh() {
	cp pristine.csv orders.csv
	cp pristine.json instances.json
	rm -f orders.csv.journal plan.yaml
}
plan() {
	run "order-cancel -f orders.csv --instances instances.json $AT --plan plan.yaml -o csv $IDS"
	cp out planned
}
# refused: the status, the last line of standard error, the file unchanged
refused() {
	is "$1: exit 2" "$status" 2
	is "... the last line says the plan no longer holds" "$(tail -n 1 err)" \
	    "order-cancel: the plan in plan.yaml no longer holds ($2): make a new plan with --plan; nothing changed"
	same "... the orders file is as the plan found it" orders.csv "$3"
}

# what a plan is
fresh
plan
is "--plan: a dry run, exit 0" "$status" 0
same "... that changes nothing" orders.csv pristine.csv
is "... ends with the summary of a dry run" "$(tail -n 1 err)" \
    "order-cancel: dry run: 6 orders of 3 instances would change (1 cancelled, 5 refunded), 0 refused, 0 already done; refund 1884.82 CNY, 2065.73 USD; nothing changed"
is "... writes the plan: what it is, the ledger's absolute path, its digest" \
    "$(sed -n '3,5p' plan.yaml | sed 's/[0-9a-f]\{64\}/HEX/')" \
    "plan: order-cancel plan 1
ledger: $PWD/orders.csv
ledger_sha256: HEX"
is "... the policy, its digest, the time, the limits, the instances file" \
    "$(sed -n '6,11p' plan.yaml | sed 's/[0-9a-f]\{64\}/HEX/')" \
    "policy: intl
policy_sha256: HEX
at: '2025-06-15T00:00:00Z'
force: 'false'
max: '50'
instances: $PWD/instances.json"
is "... the IDs as given" "$(sed -n '/^ids:/,/^where:/p' plan.yaml)" \
    "ids:
- '214017707302843'
- i-bp18sf25jwsrim28hyjh
- i-t4nm291flm4xbyo6uibp
where: []"
is "... what it knew of each instance, and from where" \
    "$(grep -c '^  source: file$' plan.yaml)" 3
run "sed -n '/^receipts:/,\$p' plan.yaml | sed 1d | order-show -f - -i yaml -o csv -c order_id,instance_id,action,status_before,status_after,refund_amount,currency,refund_rule,reason,api_call,at,ledger"
same "... and every receipt, as the dry run printed them" out planned
policy_digest=$(refund-quote --print-policy --policy intl | sha256sum | cut -c1-64)
is "... the policy's digest is that of its rules as --print-policy writes them" \
    "$(sed -n 's/^policy_sha256: //p' plan.yaml)" "$policy_digest"

# carried out exactly
cp plan.yaml kept.yaml
run "order-cancel --apply plan.yaml $AT -o csv"
is "--apply, nothing changed since: exit 0" "$status" 0
same "... prints byte for byte the receipts of the plan" out planned
is "... and says it is done" "$(tail -n 1 err)" \
    "order-cancel: done: 6 orders of 3 instances changed (1 cancelled, 5 refunded), 0 refused, 0 already done; refund 1884.82 CNY, 2065.73 USD"
cp orders.csv applied.csv
cp orders.csv.journal applied.journal
fresh
run "order-cancel -f orders.csv --instances instances.json $AT --yes -o csv $IDS"
same "... the same receipts as a direct run" out planned
same "... and the same orders file, byte for byte" orders.csv applied.csv
is "... and journals the same changes" \
    "$(grep -c '"state":"intent"' applied.journal):$(grep -c '"state":"landed"' applied.journal)" \
    "$(grep -c '"state":"intent"' orders.csv.journal):$(grep -c '"state":"landed"' orders.csv.journal)"
cp kept.yaml plan.yaml
cp applied.csv orders.csv
cp applied.journal orders.csv.journal
run "order-cancel --apply plan.yaml $AT -o csv"
is "--apply twice: the second changes nothing, exit 0" "$status" 0
same "... the orders file as the first left it" orders.csv applied.csv
same "... no second journal entry" orders.csv.journal applied.journal
is "... and says the plan is carried out already" "$(cat err)" \
    "order-cancel: the plan in plan.yaml is carried out already: each order it changes is as it would leave it
order-cancel: no order to change: 0 refused, 7 already done"
is "... each order of the plan answered as done, and one cancelled before it" \
    "$(cut -d, -f1,3-5 out | sort)" \
    "206379544280944,none,Refunded,Refunded
209160475882260,none,Refunded,Refunded
209427227029774,none,Refunded,Refunded
212263130225568,none,Cancelled,Cancelled
212278398727493,none,Refunded,Refunded
212607909603289,none,Refunded,Refunded
214017707302843,none,Cancelled,Cancelled
order_id,action,status_before,status_after"

# -n with --apply: only the check
fresh
plan
run "order-cancel --apply plan.yaml $AT -n -o csv"
is "--apply -n: the plan still holds, exit 0" "$status" 0
same "... its receipts" out planned
same "... nothing changed" orders.csv pristine.csv

# a day later
run "order-cancel --apply plan.yaml $LATER -o csv"
refused "--apply a day later: refused" "2 differences" pristine.csv
is "... naming each refund, old and new" "$(head -n 2 err)" \
    "order-cancel: order 212278398727493 of i-bp18sf25jwsrim28hyjh: refund_amount was \"1884.82\", now \"1867.73\"
order-cancel: order 212607909603289 of i-t4nm291flm4xbyo6uibp: refund_amount was \"2065.73\", now \"2052.25\""
is "... and writes no journal" "$(test -e orders.csv.journal && echo yes || echo no)" no

# the ledger changed: another order of the plan's cancelled by another run
fresh
plan
run "order-cancel -f orders.csv $AT --yes 214017707302843"
cp orders.csv other.csv
run "order-cancel --apply plan.yaml $AT -o csv"
refused "--apply after another run cancelled an order of the plan" \
    "2 differences" other.csv
is "... naming the records and the order" "$(head -n 2 err)" \
    "order-cancel: $PWD/orders.csv: the records the plan read have changed since it was made
order-cancel: order 214017707302843 of i-bp1nx8yanwl5xv1q2a4d: status_before was \"Unpaid\", now \"Cancelled\""

# the ledger changed where the plan did not look: still the same plan
fresh
plan
run "order-cancel -f orders.csv $AT --yes 214034522306845"
cp orders.csv other.csv
run "order-cancel --apply plan.yaml $AT -o csv"
is "--apply after a change to orders the plan did not read: carried out" \
    "$status" 0
same "... with the receipts of the plan" out planned

# what was known of an instance changed
fresh
plan
awk '/"InstanceId": "i-bp18sf25jwsrim28hyjh"/ { hit = 1 }
    hit && /"Status": "Stopped"/ { sub(/Stopped/, "Running"); hit = 0 }
    { print }' pristine.json >instances.json
run "order-cancel --apply plan.yaml $AT -o csv"
is "--apply after the instance started: refused, exit 2" "$status" 2
is "... naming its status, was and now" \
    "$(grep -c 'instance i-bp18sf25jwsrim28hyjh: status was "Stopped", now "Running"' err)" 1
same "... nothing changed" orders.csv pristine.csv

# the policy changed
fresh
refund-quote --print-policy --policy intl >my.yaml
run "order-cancel -f orders.csv --instances instances.json --policy my.yaml $AT --plan plan.yaml -o csv $IDS"
is "--plan with a policy file names it by its absolute path" \
    "$(sed -n 's/^policy: //p' plan.yaml)" "$PWD/my.yaml"
sed 's/^\(name: \).*/\1mine/' my.yaml >my2.yaml && mv my2.yaml my.yaml
run "order-cancel --apply plan.yaml $AT -o csv"
refused "--apply after the policy file changed" "1 difference" pristine.csv
is "... naming the policy" "$(head -n 1 err)" \
    "order-cancel: policy $PWD/my.yaml: its rules have changed since the plan was made"

# records piped: the plan keeps what they said
fresh
run "ecs-list -f instances.json --status Stopped -w 'instance_id = i-bp18sf25jwsrim28hyjh' | order-cancel -f orders.csv $AT --plan plan.yaml -o csv -"
cp out planned
is "--plan of records piped: what they said is kept as from stdin" \
    "$(grep -c '^  source: stdin$' plan.yaml)" 1
run "order-cancel --apply plan.yaml $AT -o csv"
is "... and --apply needs no standard input" "$status" 0
same "... for the same receipts" out planned

# a YAML ledger
rm -f orders.yaml.journal
cp orders.yaml pristine.yaml
run "order-cancel -f orders.yaml $AT --plan plan.yaml -o csv $IDS"
cp out planned
run "order-cancel --apply plan.yaml $AT -o csv"
is "--apply on a YAML ledger: exit 0" "$status" 0
same "... the receipts of the plan" out planned
cp orders.yaml applied.yaml
cp pristine.yaml orders.yaml
rm -f orders.yaml.journal
run "order-cancel -f orders.yaml $AT --yes -o csv $IDS"
same "... the YAML file a direct run writes" orders.yaml applied.yaml

# over --max: the preview, and no plan
fresh
check "--plan over --max: the plan shown, none written, exit 2" \
    "order-cancel -f orders.csv $AT --plan plan.yaml --max 1 -c order_id -o csv 214017707302843 i-t4nm291flm4xbyo6uibp" 2 \
    "order-cancel: no instances file (--instances or ECS_INSTANCES) and no instance records on standard input: deletion protection, the Running status and the image and spot rules were not checked
order-cancel: 4 orders of 2 instances would change (1 cancelled, 3 refunded), 0 refused, 0 already done; refund 2065.73 USD
order-cancel: 4 orders would change, more than --max 1; nothing changed, no plan written" \
    "order_id
214017707302843
206379544280944
209427227029774
212607909603289"
is "... no plan file" "$(test -e plan.yaml && echo yes || echo no)" no

# what --apply refuses to be given, and files that are not plans
fresh
plan
for opt in 'i-x' "-w 'status = Paid'" '--policy cn' '--instances instances.json' '--force' '--max 3' '--plan other.yaml'
do
	check "--apply with $opt: a usage error" \
	    "order-cancel --apply plan.yaml $opt" 2 \
	    "order-cancel: --apply carries out the plan's own IDs, -w, --policy, --instances, --force and --max: give them when making the plan (--plan)
Try 'order-cancel --help' for more information."
done
check "--apply -f another file: refused" \
    "order-cancel --apply plan.yaml -f pristine.csv" 2 \
    "order-cancel: plan.yaml: the plan is of $PWD/orders.csv, not of -f pristine.csv"
run "order-cancel --apply plan.yaml -f ./orders.csv $AT -o csv -n"
is "--apply -f the same file, named otherwise: accepted" "$status" 0
check "--apply a file that is not there" \
    "order-cancel --apply none.yaml" 2 \
    "order-cancel: none.yaml: No such file or directory"
check "--script with --dry-run: a usage error" \
    "order-cancel -f orders.csv -n --script s.sh i-x" 2 \
    "order-cancel: --script writes the cloud calls of changes made: not with --dry-run or --plan (make the plan, then --apply it with --script)
Try 'order-cancel --help' for more information."
check "--verify with --plan: a usage error" \
    "order-cancel -f orders.csv --verify --plan p.yaml" 2 \
    "order-cancel: --verify takes no IDs, --plan or --script: it reads the whole journal
Try 'order-cancel --help' for more information."
cp orders.csv before.csv
check "--plan naming the orders file: refused, nothing written" \
    "order-cancel -f orders.csv --plan ./orders.csv 214017707302843" 2 \
    "order-cancel: --plan ./orders.csv would overwrite orders.csv: nothing written
Try 'order-cancel --help' for more information."
same "... the orders file intact" orders.csv before.csv
touch orders.csv.journal
check "--script naming the journal: refused" \
    "order-cancel -f orders.csv --yes --script orders.csv.journal 214017707302843" 2 \
    "order-cancel: --script orders.csv.journal would overwrite orders.csv.journal: nothing written
Try 'order-cancel --help' for more information."
rm -f orders.csv.journal
check "--script naming the plan it applies: refused" \
    "order-cancel --apply plan.yaml --script plan.yaml" 2 \
    "order-cancel: --script plan.yaml would overwrite the plan it applies: nothing written
Try 'order-cancel --help' for more information."
same "... the orders file intact" orders.csv before.csv
bad_plan() {
	printf '%s\n' "$2" >bad.yaml
	check "$1" "order-cancel --apply bad.yaml" 2 "order-cancel: bad.yaml$3"
}
bad_plan "a plan of another version" "plan: order-cancel plan 2" \
    ':1:7: not a plan of this order-cancel (plan: "order-cancel plan 1")'
bad_plan "a plan that is a list" "- a" \
    ": not a plan: a plan is a mapping of plan, ledger, ... receipts"
bad_plan "a plan without receipts" "$(sed '/^receipts:/,$d' plan.yaml)" \
    ": not a whole plan: no receipts"
bad_plan "a plan with a key it does not know" "$(cat plan.yaml; echo 'extra: 1')" \
    ":$(($(wc -l <plan.yaml) + 1)):1: unknown key \"extra\""
bad_plan "a plan with a key twice" "$(cat plan.yaml; echo 'max: 1')" \
    ":$(($(wc -l <plan.yaml) + 1)):1: a second key \"max\""
bad_plan "a digest that is not one" "$(sed 's/^\(ledger_sha256: \).*/\1abc/' plan.yaml)" \
    ":5:16: ledger_sha256 must be 64 hexadecimal digits"
bad_plan "a time that is not one" "$(sed "s/^at: .*/at: tomorrow/" plan.yaml)" \
    ":8:5: at must be a timestamp"
bad_plan "force that is neither" "$(sed "s/^force: .*/force: maybe/" plan.yaml)" \
    ":9:8: force must be true or false"
bad_plan "max that is not a number" "$(sed "s/^max: .*/max: many/" plan.yaml)" \
    ":10:6: max must be a whole number"
bad_plan "ids that are not a list" "$(sed "s/^ids:/ids: x\nnot:/" plan.yaml | sed '/^not:/,/^where/{/^where/!d}')" \
    ":12:6: ids must be a list"
bad_plan "a receipt field it does not know" "$(sed 's/^  reason:/  reasons:/' plan.yaml)" \
    ":$(grep -n '^  reason:' plan.yaml | head -n 1 | cut -d: -f1):3: receipts: no field \"reasons\" in a plan"
bad_plan "a receipt without a field" "$(sed '/^  reason:/d' plan.yaml)" \
    ":$(grep -n '^- order_id:' plan.yaml | head -n 1 | cut -d: -f1):3: receipts: a record without reason"
bad_plan "a fact that is not a record" "$(sed 's/^facts:$/facts:\n- x/' plan.yaml)" \
    ":$(($(grep -n '^facts:' plan.yaml | cut -d: -f1) + 1)):3: each of facts must be a record"
first=$(grep -n '^- order_id:' plan.yaml | head -n 1 | cut -d: -f1)
bad_plan "a receipt given twice" "$(cat plan.yaml; sed -n "$first,$((first + 11))p" plan.yaml)" \
    ":$(($(wc -l <plan.yaml) + 1)):3: receipts: order 214017707302843 of i-bp1nx8yanwl5xv1q2a4d given twice"
bad_plan "an instance's facts given twice" "$(sed '/^facts:$/a\
- instance_id: i-bp18sf25jwsrim28hyjh\
  source: file' plan.yaml)" \
    ":$(($(grep -n '^- instance_id: i-bp18sf25jwsrim28hyjh' plan.yaml | cut -d: -f1) + 2)):3: facts: instance i-bp18sf25jwsrim28hyjh given twice"
bad_plan "malformed YAML" "plan: [" \
    ":2:1: did not find expected node content"

done_testing
