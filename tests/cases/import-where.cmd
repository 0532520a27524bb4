# -w chooses the exported rows to import
order-import -f orders.csv -n -w "instance_id = i-bp1c4x0f8hd2k7m9q3x0" detail-new.json
