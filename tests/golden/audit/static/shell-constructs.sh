#!/bin/bash
# Deployment helpers collected over the years; kept here to show how each
# way of calling the engine is read.
DOCKER_BIN=/usr/local/bin/docker
: "${POLICY:=always}"

deploy() {
    sudo -E -u deploy "$DOCKER_BIN" pull "$1"
    sudo -n docker run -d --name web --restart "$POLICY" -p 8080:80 "$1"
}

nice -n 10 nohup docker logs -f web >> /var/log/web.log 2>&1 &
env -i PATH=/usr/bin DOCKERCRI_UNSUPPORTED=warn docker run --rm --restart=always busybox true
DOCKERCRI_UNSUPPORTED=warn docker run --rm --restart=on-failure busybox true
command -v docker >/dev/null || { echo "no docker" >&2; exit 1; }
docker "$@"
docker $subcommand --all
docker run -d -p "$PORT" busybox httpd -f
docker -H tcp://10.0.0.5:2375 ps -a
docker --tls ps
ids=$(docker ps -q | head -n 3)
docker inspect -f '{{.Id}}' $ids
docker exec -it web sh -c "tail -n 20 /var/log/app.log"
stdbuf -oL docker events --filter type=container | while read -r event; do echo "$event"; done
docker container ls --format '{{.Names}}'
docker image ls -q
docker system prune -af --volumes
docker build -t app:latest .
su -c "docker ps" deploy
ssh node2 docker ps
cat <<'NOTE'
docker ps is not run here: this is a here-document
NOTE
systemctl stop docker.socket docker.service
service docker status
dockerd --debug --data-root /var/lib/docker &
docker-compose -f /srv/app/docker-compose.yml up -d
exec docker info
