# --help exits 0
order-show --help >/dev/null
