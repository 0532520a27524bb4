# table lines up Korean names by display width
ecs-list -f instances.json --region ap-northeast-2 -c name,cpu,memory_gib -o table | sed -n 1,3p
