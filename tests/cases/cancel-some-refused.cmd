# some done, some refused: exit 1
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes 214017707302843 212910493112828 -c order_id,action -o csv
