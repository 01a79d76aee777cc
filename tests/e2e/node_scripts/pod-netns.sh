#!/bin/sh
# pod-netns.sh POD NAMESPACE: the network interfaces of a pod, seen from inside its network
# namespace (the pause container's pid, then nsenter), as node runbooks did it.
set -e
sandbox=$(docker ps -q --filter "name=k8s_POD_$1_$2_")
[ -n "$sandbox" ] || { echo "no sandbox for $2/$1" >&2; exit 1; }
pid=$(docker inspect --format '{{.State.Pid}}' "$sandbox")
nsenter -t "$pid" -n cat /proc/net/dev | awk 'NR > 2 { sub(":", "", $1); print $1 }' | sort
