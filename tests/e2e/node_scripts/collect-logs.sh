#!/bin/sh
# collect-logs.sh NAMESPACE DIR: the last lines of every container of a namespace, one file
# per container, as support bundles collected them.
mkdir -p "$2"
for name in $(docker ps -a --filter "label=io.kubernetes.pod.namespace=$1" \
                  --filter label=io.kubernetes.docker.type=container --format '{{.Names}}'); do
    docker logs --tail 5 "$name" > "$2/$name.log" 2>&1
done
ls "$2" | wc -l
