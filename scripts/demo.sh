#!/usr/bin/env bash
# The main job: dockercri answering docker commands from a CRI runtime.
# Uses the node's own runtime when one answers; otherwise starts the project's
# private containerd and registry (root and Debian needed) and uses that.
# A short tour (pull, run, exec, logs, rm) that removes what it made, then the
# lines that point your own shell at the same runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
HERE=$(pwd)
VENV=$(bash scripts/setup.sh | tail -n 1)
case "$VENV" in /*) ;; *) VENV="$HERE/$VENV" ;; esac
D="$VENV/bin/dockercri"
PY="$VENV/bin/python"
testbed=""
if [ -z "${CONTAINER_RUNTIME_ENDPOINT:-}" ] && ! "$D" --timeout 1s version >/dev/null 2>&1; then
    echo "# no CRI runtime answers on this node: starting the private testbed"
    "$PY" -m dockercri.testbed up >/dev/null
    eval "$("$PY" -m dockercri.testbed env)"
    testbed=yes
elif [ "${CONTAINER_RUNTIME_ENDPOINT:-}" = "$("$PY" -m dockercri.testbed env |
        sed -n 's/^export CONTAINER_RUNTIME_ENDPOINT=//p')" ]; then
    testbed=yes  # this shell already points at a running testbed
fi

NAME=dockercri-demo
# Each command as you would type it (quoted where the shell needs it), then its output.
quoted() {
    local arg words=()
    for arg in "$@"; do
        if [[ $arg =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then words+=("$arg")
        else words+=("'${arg//\'/\'\\\'\'}'"); fi
    done
    echo "${words[*]}"
}
show() { echo; echo "\$ dockercri $(quoted "$@")"; "$D" "$@" || echo "(exit $?)"; }
cleanup() { "$D" rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup  # a container of that name left by an interrupted demo

show version
show pull busybox
show run --rm busybox echo hello from a container
show run -d --name "$NAME" busybox sh -c 'echo serving; exec httpd -f -v -p 80'
show ps --filter "name=$NAME"
show exec "$NAME" sh -c 'echo "inside $(hostname): $(ls /bin | wc -l) programs in /bin"'
show logs "$NAME"
show inspect --format '{{.State.Status}} {{.Config.Image}} {{.NetworkSettings.IPAddress}}' "$NAME"
show images busybox
show explain exec -it "$NAME" sh
show run --rm -v data:/data busybox true   # a flag CRI cannot honour: refused, with why
show rm -f "$NAME"
trap - EXIT

echo
if [ -n "$testbed" ]; then
    cat <<EOF
# The private runtime is still running. To use it from your shell:
eval "\$($PY -m dockercri.testbed env)"
alias docker=$D
# Images it serves, offline (plain names resolve to its registry, $DOCKERCRI_TESTBED_REGISTRY):
EOF
    "$PY" -m dockercri.testbed images | sed 's/^/#   /'
    echo "# To stop it: $PY -m dockercri.testbed down"
else
    cat <<EOF
# dockercri used the runtime at ${CONTAINER_RUNTIME_ENDPOINT:-the first socket that answered}. From your shell:
${CONTAINER_RUNTIME_ENDPOINT:+export CONTAINER_RUNTIME_ENDPOINT=$CONTAINER_RUNTIME_ENDPOINT
}${IMAGE_SERVICE_ENDPOINT:+export IMAGE_SERVICE_ENDPOINT=$IMAGE_SERVICE_ENDPOINT
}alias docker=$D
EOF
fi
