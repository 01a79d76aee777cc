#!/bin/sh
# extract-binary.sh IMAGE PATH OUT: copy a file out of an image without running it.
set -e
id=$(docker create "$1")
trap 'docker rm "$id" > /dev/null' EXIT
docker cp "$id:$2" "$3"
