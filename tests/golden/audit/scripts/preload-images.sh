#!/bin/sh
# Pull the images every node needs before it joins the pool, so that the
# first pods start fast, and keep an archive for air-gapped nodes.
REGISTRY=${REGISTRY:-registry.local}
IMAGES="library/busybox:1.35"
docker_bin_dir=${DOCKER_BIN_DIR:-/usr/bin}
ARCHIVE=${ARCHIVE:-/var/cache/preload.tar}

for image in $IMAGES; do
    ref="$REGISTRY/$image"
    ${docker_bin_dir}/docker image inspect "$ref" >/dev/null 2>&1 && echo "present: $ref"
    ${docker_bin_dir}/docker pull "$ref" >/dev/null || exit 1
    ${docker_bin_dir}/docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$ref"
done

# Older nodes kept every tag around.
${docker_bin_dir}/docker pull --all-tags "$REGISTRY/library/busybox" >/dev/null 2>&1 \
    || echo "skipping the other tags"
# The archive for nodes without registry access.
${docker_bin_dir}/docker save -o "$ARCHIVE" "$REGISTRY/library/busybox:1.35" 2>/dev/null \
    || echo "no archive written"
${docker_bin_dir}/docker images -q | wc -l
