# api_call | sh: one aliyun call per cloud action (CancelOrder per order, RefundInstance per instance), word for word
order-cancel -f orders.csv --at 2025-06-15T00:00:00Z --dry-run 214017707302843 i-t4nrf746re1716astqfl -c api_call -o tsv -H |
    grep aliyun | PATH="$PWD/stub:$PATH" sh && cat calls
