"""Every message names the program as it was called: `dockercri`, or `docker` through a
symlink or alias of that name."""

import io

import pytest

from dockercri.cli.main import program_name, raw_main
from dockercri.env import Environment

# No runtime is ever reached: an endpoint nothing listens on, one try.
NO_RUNTIME = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///nonexistent/dockercri-test.sock"}


class _Text(io.StringIO):
    def isatty(self):
        return False


def run_as(prog, argv):
    out, err = _Text(), _Text()
    env = Environment(stdout=out, stderr=err, environ=dict(NO_RUNTIME), prog=prog)
    return raw_main(argv, env), err.getvalue()


def test_program_name_follows_argv0():
    assert program_name("/usr/local/bin/docker") == "docker"
    assert program_name("/opt/venv/bin/dockercri") == "dockercri"
    assert program_name("") == "dockercri"


@pytest.mark.parametrize("prog", ["docker", "dockercri"])
@pytest.mark.parametrize("argv, expected", [
    # docker's own run errors: "docker: ...", with run's help hint
    (["run", "--name", "x", "busybox"],
     "{p}: Invalid container name (x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.\n"
     "See '{p} run --help'.\n"),
    # a runtime that does not answer, in run: the same form
    (["run", "busybox"], "{p}: Cannot connect to the CRI runtime"),
    (["nosuchcommand"], "{p}: 'nosuchcommand' is not a docker command.\nSee '{p} --help'\n"),
    (["ps", "--nosuch"], "unknown flag: --nosuch\nSee '{p} ps --help'.\n"),
    (["images", "a", "b"], "\"{p} images\" requires at most 1 argument.\n"
                           "See '{p} images --help'.\n"),
])
def test_messages_name_the_program_as_called(prog, argv, expected):
    code, err = run_as(prog, argv)
    assert code in (1, 125)
    assert err.startswith(expected.format(p=prog)), err
    other = "docker" if prog == "dockercri" else "dockercri"
    assert "%s:" % other not in err and "'%s " % other not in err, err
