#!/bin/sh
# drain-namespace.sh NAMESPACE: stop and remove every container and sandbox of a namespace,
# the way node-reset scripts did under dockershim (the kubelet would re-create them).
ids=$(docker ps -aq --filter "label=io.kubernetes.pod.namespace=$1")
[ -z "$ids" ] && exit 0
docker stop -t 1 $ids > /dev/null
docker ps -aq --filter "label=io.kubernetes.pod.namespace=$1" | xargs docker rm -f > /dev/null
docker ps -aq --filter "label=io.kubernetes.pod.namespace=$1" | wc -l
