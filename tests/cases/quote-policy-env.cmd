# ECS_POLICY chooses the policy
ECS_POLICY=cn refund-quote -f b.csv --at 2025-03-03T01:00:00Z -c policy,rule,refund_amount -o csv
