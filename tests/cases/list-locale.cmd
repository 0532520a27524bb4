# output bytes do not depend on the locale
LC_ALL=C ecs-list -f instances.json --region ap-northeast-2 -c name -o csv | sed -n 2p
