#!/bin/sh
# Reset this node's CI workloads between runs: remove the job containers,
# report what the engine still keeps, and restart the engine when asked.
PREFIX=${NAME_PREFIX:-ci}
IMAGE=${IMAGE:-registry.local/library/busybox:1.35}

# The workloads a CI run leaves behind (made here so that the reset can be tried on a fresh node).
docker create --name "$PREFIX-job" "$IMAGE" true >/dev/null
docker run -d --name "$PREFIX-svc" --restart always "$IMAGE" sleep 300 \
    || echo "no restart policy: starting it plain"
docker run -d --name "$PREFIX-svc" -m 64m "$IMAGE" sleep 300 >/dev/null

docker stop -t 1 $(docker ps -q --filter "name=$PREFIX") >/dev/null
docker ps -aq --filter "name=$PREFIX" | xargs -r docker rm -f >/dev/null
docker ps -a --filter "name=$PREFIX" --format '{{.Names}}'

echo "volumes left: $(docker volume ls -q --filter dangling=true | wc -l)"
docker network ls --filter "name=$PREFIX" -q || echo "no networks to list"
if [ "${RESTART_ENGINE:-no}" = yes ]; then
    systemctl restart docker
fi
du -sh /var/lib/docker 2>/dev/null || true
