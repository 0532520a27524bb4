# order-show refuses the price, and does not offer --for, which it does not take
order-show -f renewal-price.json
