order-show -i json -f - -o csv <json-stdin-empty.txt
