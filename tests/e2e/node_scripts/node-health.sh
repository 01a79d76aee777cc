#!/bin/sh
# node-health.sh: a node problem detector's container-runtime check.
docker info > /dev/null 2>&1 || { echo "runtime: down"; exit 1; }
docker network ls --format '{{.Name}}' | grep -qx host || { echo "no host network"; exit 1; }
running=$(docker ps -q | wc -l)
pause=$(docker ps --format '{{.Names}}' | grep -c '^k8s_POD_')
echo "runtime: up, $running running, $pause pod sandboxes"
