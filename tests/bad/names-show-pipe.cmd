order-show -f - -w 'seller = x' <names-show-pipe.json
