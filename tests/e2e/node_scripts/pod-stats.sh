#!/bin/sh
# pod-stats.sh POD NAMESPACE: memory of a pod's sandbox and containers.
docker stats --no-stream --format '{{.Name}} {{.MemUsage}} {{.PIDs}}' |
    grep "_$1_$2_" | sort
