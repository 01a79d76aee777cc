"""The audit agrees with running the scripts: each test script (tests/golden/audit/scripts/)
is audited, then really run against the testbed with `docker` being dockercri (a `docker`
wrapper first on PATH that records each call's words, exit status and stderr). A `works` or
`differs` call must succeed, a `refused` call must fail with the refusal the audit names.

The scripts only touch containers named after a prefix made for the run, and whatever they
leave is removed by that name afterwards.
"""

import json
import os
import re
import stat
import subprocess
import sys
import uuid

import pytest

pytest.importorskip("tree_sitter_bash")

from dockercri.audit import sources  # noqa: E402
from dockercri.audit.classify import classify  # noqa: E402
from dockercri.audit.shell import calls  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = os.path.join(ROOT, "tests", "golden", "audit", "scripts")
STAND_IN = re.compile(r"runtime-value-\d+")

WRAPPER = '''#!%(python)s
import json, os, subprocess, sys
run = "import sys; sys.argv[0] = 'docker'; from dockercri.cli.main import main; main()"
done = subprocess.run([sys.executable, "-c", run] + sys.argv[1:], stderr=subprocess.PIPE)
sys.stderr.buffer.write(done.stderr)
with open(os.environ["AUDIT_CALL_LOG"], "a") as log:
    log.write(json.dumps({"argv": sys.argv[1:], "status": done.returncode,
                          "stderr": done.stderr.decode("utf-8", "replace")}) + "\\n")
sys.exit(done.returncode)
'''


def _executable(path, text):
    with open(path, "w") as handle:
        handle.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.fixture
def bin_dir(tmp_path):
    directory = tmp_path / "bin"
    directory.mkdir()
    _executable(str(directory / "docker"), WRAPPER % {"python": sys.executable})
    # The tests run as root: sudo only runs its command.
    _executable(str(directory / "sudo"), "#!/bin/sh\nexec \"$@\"\n")
    return str(directory)


_MORE = r"(?:\0[^\0-][^\0]*)*"  # further operands an unquoted value or xargs' input adds


def _pattern(argv):
    """A call's words as the audit planned them; a run-time word matches any value (not a flag
    unless written after one, as in --name=$n), and further operands."""
    parts = []
    for word in argv:
        head = STAND_IN.split(word, 1)[0]
        if STAND_IN.search(word) is None:
            parts.append(re.escape(word))
        elif head:
            parts.append(re.escape(head) + r"[^\0]*" + _MORE)
        else:
            parts.append(r"(?:[^\0-][^\0]*)?" + _MORE)
    return re.compile("\0".join(parts), re.DOTALL)


def _reason(refusal):
    """"--restart: CRI has no restart policy; ... - run it as a Pod" → its reason, the words
    dockercri's refusal repeats whatever the shape of its message."""
    return refusal.split(": ", 1)[1].split(" - ")[0].rstrip(".")


def _audit(path):
    with open(path) as handle:
        text = handle.read()
    out = []
    for offset, piece in sources.pieces("shell", text):
        for call in calls(piece, offset):
            out.append((call, classify(call)))
    return out


def _remove_made(dcri, prefix):
    listed = dcri("ps", "-aq", "--filter", "name=" + prefix)
    ids = listed.out.split()
    if ids:
        dcri("rm", "-f", *ids)


@pytest.mark.parametrize("name", sorted(os.listdir(SCRIPTS)))
def test_audit_agrees_with_running_the_script(name, tmp_path, bin_dir, runtime_env, testbed,
                                              dcri):
    prefix = "audit-%s" % uuid.uuid4().hex[:10]
    log = tmp_path / "calls.jsonl"
    env = dict(runtime_env)
    env.update({
        "PATH": bin_dir + os.pathsep + env.get("PATH", ""),
        "PYTHONPATH": ROOT,
        "AUDIT_CALL_LOG": str(log),
        "NAME_PREFIX": prefix,
        "IMAGE": testbed.images["busybox"],
        "REGISTRY": testbed.registry,
        "DOCKER_BIN_DIR": bin_dir,
        "OUT_DIR": str(tmp_path / "bundle"),
        "ARCHIVE": str(tmp_path / "preload.tar"),
    })
    env.pop("DOCKER", None)
    env.pop("DOCKERCRI_UNSUPPORTED", None)
    try:
        subprocess.run([os.path.join(SCRIPTS, name)], env=env, cwd=str(tmp_path),
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
    finally:
        _remove_made(dcri, prefix)
    with open(str(log)) as handle:
        ran = [json.loads(line) for line in handle]

    audited = _audit(os.path.join(SCRIPTS, name))
    assert audited, "the script has docker calls"
    for call, verdict in audited:
        assert verdict.verdict != "unknown", (call, verdict)
        pattern = _pattern(verdict.argv)
        matching = [entry for entry in ran if pattern.fullmatch("\0".join(entry["argv"]))]
        where = "%s:%d %s (%s)" % (name, call.line, call.text, verdict.verdict)
        assert matching, "%s was never run; ran: %s" % (where, [e["argv"] for e in ran])
        for entry in matching:
            if verdict.verdict in ("works", "differs"):
                assert entry["status"] == 0, (where, entry)
            else:
                assert entry["status"] != 0, (where, entry)
                said = " ".join(entry["stderr"].split())
                if verdict.plan is not None:
                    assert _reason(verdict.plan.refusals[0]) in said, (where, entry)
                else:
                    expected = verdict.reason.split(": ", 1)[1]
                    assert expected.split(". See")[0] in said, (where, entry)
    assert not dcri("ps", "-aq", "--filter", "name=" + prefix).out.strip()
