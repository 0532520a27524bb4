# --script: valid sh, each cloud action once with its ClientToken, and run twice the calls are the same
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --yes --script calls.sh 214017707302843 i-t4nrf746re1716astqfl -o csv >/dev/null &&
    sh -n calls.sh && PATH="$PWD/stub:$PATH" sh calls.sh && PATH="$PWD/stub:$PATH" sh calls.sh && cat calls.sh calls
