#!/bin/bash
# What an on-call engineer runs to poke at a misbehaving container.
PREFIX=${NAME_PREFIX:-debug}
IMAGE=${IMAGE:-registry.local/library/busybox:1.35}
target="$PREFIX-target"

container_pid() {
    docker inspect --format '{{.State.Pid}}' "$1"
}

sudo docker run -d --name "$target" -e MODE=debug "$IMAGE" sleep 300 >/dev/null
docker exec "$target" cat /etc/hostname
docker exec -u nobody "$target" id || echo "cannot run as another user"
docker exec -e DEBUG=1 "$target" env || echo "cannot add to the environment"
pid=$(container_pid "$target")
echo "main process: $pid"
nsenter -t "$pid" -u hostname || true
docker kill -s HUP "$target"
docker top "$target" || echo "no process list"
bash -c 'docker ps --format "{{.Names}} {{.Status}}" | grep -c -- -target'
docker cp "$target:/etc/hostname" ./hostname.copy 2>/dev/null || echo "no copy"
docker restart -t 1 "$target" >/dev/null
docker ps --filter "name=$target" --format '{{.Names}} {{.Image}}'
exec docker stop -t 1 "$target"
