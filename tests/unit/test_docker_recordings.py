"""The real docker CLI's recorded answers (tests/golden/docker/, made by
tools/record_docker.sh) to command lines its own parser rejects before it asks the daemon:
dockercri must give the same exit status and the same bytes on stdout and stderr.

The other recordings need a daemon and objects of that recording's own (ids, times); the
side-by-side suite (tests/sidebyside/) compares those against a live engine instead."""

import glob
import os
import shlex

import pytest

from tests.conftest import run_cli

HERE = os.path.join(os.path.dirname(__file__), "..", "golden", "docker")
OFFLINE = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///nonexistent/dockercri-test.sock",
           "HOME": "/nonexistent", "PATH": os.environ.get("PATH", "")}
# Recorded with a daemon in the way: the template fails only once there are rows to format.
NEEDS_A_DAEMON = {"cli_bad_format.txt"}


def parse(path):
    """(argv, exit status, stdout, stderr) of one recording; argv None when the line is not
    a plain `docker ...` call (environment variables, pipes)."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    head, rest = text.split("\n", 1)
    argv = shlex.split(head[len("$ docker "):]) if head.startswith("$ docker ") else None
    code = int(rest.split("--- exit: ", 1)[1].split("\n", 1)[0])
    out, err = rest.split("--- stdout:\n", 1)[1].split("--- stderr:\n", 1)
    return argv, code, out, err


def recordings():
    found = []
    for path in sorted(glob.glob(os.path.join(HERE, "cli_*.txt"))):
        name = os.path.basename(path)
        argv = parse(path)[0]
        if argv and name not in NEEDS_A_DAEMON:
            found.append(name)
    return found


def test_the_recordings_are_there():
    assert len(recordings()) >= 12


@pytest.mark.parametrize("name", recordings())
def test_parser_errors_match_the_recorded_docker_cli(name):
    argv, code, out, err = parse(os.path.join(HERE, name))
    result = run_cli(argv, environ=OFFLINE)
    assert (result.code, result.out, result.err) == (code, out, err)
