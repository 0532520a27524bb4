# standard input given twice to merge: refused, saying why (it was read as an empty file)
ecs-list -f - -f autorenew.json -f - <instances.json
