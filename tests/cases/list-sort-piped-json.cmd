# --sort on piped JSON
cat instances.json | ecs-list -f - --sort cpu:desc -c name -o csv | sed -n 2p
