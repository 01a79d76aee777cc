#!/bin/sh
# version-gate.sh: an installer's check that docker is new enough (1.12 or later).
version=$(docker version --format '{{.Server.Version}}') || exit 1
major=${version%%.*}
rest=${version#*.}
minor=${rest%%.*}
if [ "$major" -gt 1 ] || [ "$minor" -ge 12 ]; then
    echo "docker $version: ok"
else
    echo "docker $version is too old" >&2
    exit 1
fi
echo "client $(docker -v | awk '{print $3}' | tr -d ',')"
