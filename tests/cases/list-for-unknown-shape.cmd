# --for on an export of a shape not read (DescribeDisks): refused as without it, not made a record of its flattened fields
ecs-list -f instances.json -f describe-disks.json --for i-bp1nx8yanwl5xv1q2a4d
