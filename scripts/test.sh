#!/usr/bin/env bash
# The whole suite: unit, golden, and end-to-end against the private containerd.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$(bash scripts/setup.sh | tail -n 1)
"$VENV/bin/python" -m dockercri.testbed up
status=0
"$VENV/bin/python" -m pytest -q "$@" || status=$?
if [ -z "${DOCKERCRI_KEEP_TESTBED:-}" ]; then
    "$VENV/bin/python" -m dockercri.testbed down || true
fi
exit $status
