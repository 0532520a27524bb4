# --help
order-cancel --help >help && head -n 1 help
