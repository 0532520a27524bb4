# tab-separated input is recognised without -i
order-show -f orders.csv -o tsv | order-show -f - -o csv
