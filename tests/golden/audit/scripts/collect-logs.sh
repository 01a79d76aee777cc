#!/usr/bin/env bash
# Gather this node's container logs into a bundle for a support ticket.
set -o pipefail
PREFIX=${NAME_PREFIX:-support}
OUT=${OUT_DIR:-/tmp/support-bundle}
IMAGE=${IMAGE:-registry.local/library/busybox:1.35}
mkdir -p "$OUT"

# A container that writes a few lines, so that the bundle is never empty.
docker run --name "$PREFIX-logger" "$IMAGE" sh -c 'echo started; echo warning >&2' \
    > "$OUT/first-run.txt"

for id in `docker ps -aq --filter "name=$PREFIX"`; do
    name=$(docker inspect --format '{{.Name}}' "$id")
    docker logs --timestamps --tail 100 "$id" > "$OUT/${name#/}.log" 2>&1
done
docker ps -a --no-trunc --filter "name=$PREFIX" > "$OUT/containers.txt"
docker logs --details "$PREFIX-logger" > "$OUT/details.log" 2>&1 || echo "no log details"

# The engine's own copies of the logs, where it keeps them.
cp /var/lib/docker/containers/*/*-json.log "$OUT/" 2>/dev/null || true
docker ps -aq --filter "name=$PREFIX" | xargs -r -n 1 docker logs --since 1h > /dev/null

# The id as the kubelet reports it, for matching with kubectl output.
echo "docker://$(docker ps -aq --no-trunc --filter "name=$PREFIX" | head -n 1)" >> "$OUT/ids.txt"
tar -C "$OUT" -czf "$OUT.tar.gz" .
