# --sort text by bytes
ecs-list -f instances.json --sort name -c name -o csv | sed -n '2p;$p'
