#!/usr/bin/env bash
# Prepare a machine for dockercri: a virtualenv with the package and its test tools.
# The runtime itself (containerd, registry, images) is started by the testbed on demand.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${DOCKERCRI_VENV:-.venv}
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null
    fi
fi
if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    python3 -m venv --clear "$VENV"   # new, or left half-made by an interrupted run
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# compat mode: a plain path entry. The default editable mode installs an import hook
# whose own imports cost every dockercri process about 25 ms at start-up (more than a
# normal install pays); setuptools may drop compat one day, hence the fallback.
"$VENV/bin/python" -m pip install -q -e ".[test]" --config-settings editable_mode=compat 2>/dev/null \
    || "$VENV/bin/python" -m pip install -q -e ".[test]"
echo "$VENV"
