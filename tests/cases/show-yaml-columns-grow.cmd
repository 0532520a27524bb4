# the columns of YAML records found in one reading: rows written before a field came get its empty cell
order-show -f grow.yaml -o csv && order-show -f grow.yaml -o csv -c order_id,note,status,region,instance_id && order-show -f - -o tsv <grow.yaml && cat grow.yaml | order-show -f - -o tsv -H
