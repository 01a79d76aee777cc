#!/bin/sh
# debug-pod.sh POD NAMESPACE IMAGE: a throw-away shell in a pod's network and pid namespaces.
sandbox=$(docker ps -q --filter "name=k8s_POD_$1_$2_")
exec docker run --rm --net "container:$sandbox" --pid "container:$sandbox" "$3" \
    sh -c 'tr "\0" " " < /proc/1/cmdline; echo; hostname'
