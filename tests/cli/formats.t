#!/bin/sh
# Reading and writing every format: round trips are byte-exact, API
# exports convert to the ledger, columns are right whatever the input.
. "$top_srcdir/tests/lib.sh"

cp "$EX/orders.csv" "$EX/orders.yaml" "$EX/instances.json" \
    "$EX/order-detail.json" .

run 'order-show -f orders.csv -o csv'
same "canonical CSV ledger comes out unchanged" out orders.csv

run 'order-show -f orders.csv -o yaml | order-show -f - -o json |
    order-show -f - -o jsonl | order-show -f - -o csv'
same "csv -> yaml -> json -> jsonl -> csv gives the same bytes" out orders.csv

run 'order-show -f orders.csv -o yaml | order-show -f - -o json |
    order-show -f - -o csv'
same "the issue's pipeline: csv -> yaml -> json -> csv" out orders.csv

run 'order-show -f orders.yaml -o csv'
same "the YAML ledger holds the same orders as the CSV one" out orders.csv

run 'order-show -f orders.csv -o tsv | order-show -f - -i tsv -o csv'
same "tsv round trip" out orders.csv

run 'order-show -f orders.csv -o tsv | order-show -f - -o csv'
same "tab-separated input is recognised without -i" out orders.csv

run 'order-show -f orders.csv -o jsonl | wc -l'
is "jsonl: one line per order" "$(tr -d ' ' <out)" 55

run 'order-show -f orders.csv -o json'
is "json: one array, an object a line" "$(head -c 1 out)$(tail -n 1 out)" "[]"

# CSV dialects in: CRLF, BOM, quoting where not needed, other delimiter
printf '\357\273\277order_id,instance_id,gross_amount\r\n"1",i-a,"10.00"\r\n2,"i-b",5\r\n' >crlf.csv
run 'order-show -f crlf.csv -o csv'
is "CRLF, BOM and needless quotes come out canonical" "$(cat out)" \
"order_id,instance_id,gross_amount
1,i-a,10.00
2,i-b,5"
printf 'order_id;note\n1;"a;b"\n' >semi.csv
run 'order-show -f semi.csv -d ";" -o csv'
is "-d ';' reads semicolon-separated files" "$(cat out)" 'order_id,note
1,a;b'

# Quoting out
printf 'order_id,note\n1,"say ""hi"", then\nleave"\n' >q.csv
run 'order-show -f q.csv -o csv'
same "quoted newline and doubled quotes survive" out q.csv
run 'order-show -f q.csv -o yaml | order-show -f - -o csv'
same "... and survive YAML" out q.csv
run 'order-show -f q.csv -o json | order-show -f - -o csv'
same "... and JSON" out q.csv

# API exports
run 'order-show -f order-detail.json -c order_id,instance_id,gross_amount,paid_amount,currency,created_at,period_start,period_end,status -o csv'
is "GetOrderDetail: one row per instance, amounts split exactly" "$(cat out)" \
"order_id,instance_id,gross_amount,paid_amount,currency,created_at,period_start,period_end,status
210586869267279,i-t4nvj288nky3idb8i7vc,300.01,300.01,USD,2024-05-10T07:58:12Z,2024-05-10T08:01:00Z,2024-08-10T08:01:00Z,Paid
210586869267279,i-t4nrf746re1716astqfl,300.00,300.00,USD,2024-05-10T07:58:12Z,2024-05-10T08:01:00Z,2024-08-10T08:01:00Z,Paid
210586869267279,i-t4nvv5mw4xkqhzrwptyr,300.00,300.00,USD,2024-05-10T07:58:12Z,2024-05-10T08:01:00Z,2024-08-10T08:01:00Z,Paid"

run 'order-show -f order-detail.json -c order_id,instance_id,gross_amount,paid_amount,currency,period_start,period_end -o csv >ledger.csv &&
    order-show -f orders.csv 210586869267279 -c order_id,instance_id,gross_amount,paid_amount,currency,period_start,period_end -o csv'
same "the export converts to the same rows the ledger has" out ledger.csv

run 'ecs-list -f instances.json -c instance_id,name,memory_gib,vpc_id,tags,created_at,family,category -o csv | sed -n 2,3p'
is "DescribeInstances: aliases, MiB to GiB, tags, full times, derived fields" "$(cat out)" \
"i-t4ntvbhuvivkglvfijrx,sg-ops-bastion,1.5,vpc-t4nhh7b5orc9r9bl4utl,,2025-05-25T12:40:00Z,ecs.t6,burstable
i-mj75vuw4hubm4xh6anlv,윈도우-빌드,16,vpc-mj7lnlkxqw6xcgh2r1b2,,2025-05-06T05:55:00Z,ecs.g7,general-purpose"

run 'ecs-list -f instances.json -o jsonl | wc -l'
is "all 26 instances come out of the envelope" "$(tr -d ' ' <out)" 26

# Columns without -c: from a file by a first pass, from a pipe by holding
run 'ecs-list -f instances.json -o csv'
cp out from-file.csv
run 'cat instances.json | ecs-list -f - -o csv'
same "YAML/JSON columns are the same read from a file or a pipe" out from-file.csv
is "the union of fields, then the derived ones" \
    "$(head -n 1 from-file.csv | cut -d, -f1-3),$(head -n 1 from-file.csv | tr , '\n' | tail -n 1)" \
    "created_at,cpu,deletion_protection,category"

printf -- '- order_id: 1\n  a: 1\n- order_id: 2\n  b: 2\n  a: 3\n- order_id: 3\n  c: 4\n' >ragged.yaml
run 'order-show -f ragged.yaml -o csv'
is "records that differ: union of fields in order of first appearance" \
    "$(cat out)" "order_id,a,b,c
1,1,,
2,3,2,
3,,,4"

run 'order-show -f orders.csv -c status,order_id -o csv | head -n 2'
is "-c selects and orders columns" "$(cat out)" "status,order_id
Paid,203302644379607"

run 'order-show -f orders.csv -c PaymentStatus,OrderId -o csv | head -n 1'
is "-c accepts API names and writes canonical ones" "$(cat out)" \
    "status,order_id"

printf 'order_id,zz_note\n1,keep me\n' >extra.csv
run 'order-show -f extra.csv -o yaml | order-show -f - -o csv'
same "unknown fields pass through every format" out extra.csv

# table
run 'ecs-list -f instances.json --region ap-northeast-2 -c name,cpu,memory_gib -o table'
is "table lines up Korean names by display width" "$(sed -n 1,3p out)" \
"name              cpu  memory_gib
윈도우-빌드         4          16
배치-워커           8          16"

run 'ecs-list -f instances.json -c name -o table --region nowhere'
is "table of nothing is its header" "$(cat out)" "name"

run 'LC_ALL=C ecs-list -f instances.json --region ap-northeast-2 -c name -o csv | sed -n 2p'
is "output bytes do not depend on the locale" "$(cat out)" "윈도우-빌드"

done_testing
