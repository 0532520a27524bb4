# --help
refund-quote --help >help && head -n 1 help
