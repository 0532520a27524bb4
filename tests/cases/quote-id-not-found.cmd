# unknown IDs are named, exit 1
refund-quote -f orders.csv --at 2025-06-15T00:00:00Z -c instance_id -o csv i-t4nvj288nky3idb8i7vc i-nowhere
