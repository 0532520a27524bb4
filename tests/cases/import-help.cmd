order-import --help
