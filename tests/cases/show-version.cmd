# --version
order-show --version
