#!/bin/sh
# container-health.sh NAME: a monitoring check's words for a container; a container without
# a health check has no .State.Health, so the template fails and the check says "none".
running=$(docker inspect --format '{{.State.Running}}' "$1" 2>/dev/null) || {
    echo "$1 missing"; exit 2; }
health=$(docker inspect --format '{{.State.Health.Status}}' "$1" 2>/dev/null) || health=none
echo "$1 running=$running health=$health"
