order-cancel -f names-cancel-yaml.yaml -n -w 'notes = keep' 1
