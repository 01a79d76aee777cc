#!/bin/bash
# Node health check, run by the monitoring agent every minute: is the container
# engine answering, and is the canary container running?
set -u
DOCKER=${DOCKER:-docker}
PREFIX=${NAME_PREFIX:-health}
IMAGE=${IMAGE:-registry.local/library/busybox:1.35}
canary="$PREFIX-canary"
status=0

if ! timeout 20 $DOCKER info >/dev/null 2>&1; then
    echo "CRITICAL: container engine not answering"
    exit 2
fi
engine_version=$("$DOCKER" version --format '{{.Server.Version}}')
echo "engine: $engine_version"

if [ -z "$($DOCKER ps -q --filter "name=^${canary}\$")" ]; then
    $DOCKER run -d --name "$canary" --label role=canary "$IMAGE" sleep 600 >/dev/null
fi
running=$(docker inspect --format '{{.State.Running}}' "$canary")
[ "$running" = true ] || { echo "CRITICAL: canary not running"; status=2; }

# Keep the canary alive across engine restarts.
docker update --restart unless-stopped "$canary" >/dev/null 2>&1 \
    || echo "WARNING: cannot set a restart policy"

docker stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}}' "$canary"
if [ -S /var/run/docker.sock ]; then
    echo "engine socket present"
fi
exit $status
