# --help starts with its usage
order-show --help | head -n 1 | cut -d' ' -f1-2
