#!/usr/bin/env bash
# The main job: dockercri answering docker commands from a CRI runtime.
# Uses the node's own runtime when one answers; otherwise starts the project's
# private containerd and registry (root and Debian needed) and uses that.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$(bash scripts/setup.sh | tail -n 1)
D="$VENV/bin/dockercri"
if [ -z "${CONTAINER_RUNTIME_ENDPOINT:-}" ] && ! "$D" --timeout 1s version >/dev/null 2>&1; then
    echo "# no CRI runtime answers on this node: starting the private testbed"
    eval "$("$VENV/bin/python" -m dockercri.testbed up >/dev/null && "$VENV/bin/python" -m dockercri.testbed env)"
fi
show() { echo; echo "\$ docker $*"; "$D" "$@" || echo "(exit $?)"; }
show version
show info
show images
show pods
show ps -a
show explain run -d --name web -p 8080:80 -e MODE=demo busybox httpd -f
show inspect --type image "${DOCKERCRI_TESTBED_REGISTRY:-127.0.0.1:5000}/library/busybox:1.35"
show ps --nosuch
