#!/usr/bin/env bash
# The whole suite: unit, golden, and end-to-end against the private containerd,
# and side by side with the reference Docker engine.
# The testbed is stopped at the end only if this script started it (a testbed
# that was running, say the demo's, keeps running); DOCKERCRI_KEEP_TESTBED=1
# keeps it in any case.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$(bash scripts/setup.sh | tail -n 1)
PY="$VENV/bin/python"
PATH="$PATH:/usr/sbin:/sbin"
if ! command -v containerd >/dev/null || ! command -v dockerd >/dev/null; then
    echo "# installing from Debian's packages where missing: containerd, runc, the CNI plugins," \
         "docker-registry, skopeo, busybox-static (the testbed) and docker.io (Docker 20.10, the" \
         "reference the side-by-side tests compare dockercri with). No service is started or" \
         "enabled for boot; each daemon runs only while it is used."
fi
started=""
"$PY" -m dockercri.testbed status >/dev/null 2>&1 || started=yes
"$PY" -m dockercri.testbed up >/dev/null  # its exports: the tests read the testbed themselves
status=0
"$PY" -m pytest -q "$@" || status=$?
if [ -n "$started" ] && [ -z "${DOCKERCRI_KEEP_TESTBED:-}" ]; then
    "$PY" -m dockercri.testbed down || true
else
    echo "# the testbed keeps running; to stop it: $PY -m dockercri.testbed down"
fi
exit $status
