"""The reference Docker engine next to the project's containerd, and the objects
both sides share: the same image reference and containers of the same names.

The reference engine is Debian's docker.io (dockerd 20.10), private to
$DOCKERCRI_REFDOCKER_DIR (default /var/tmp/refdocker-sidebyside), started by
tools/refdocker.py and stopped again at the end when this session started it.
"""

import os
import subprocess
import sys
import uuid

import pytest

from tests.conftest import Result, run_cli
from tests.e2e.conftest import *  # noqa: F401,F403 - testbed, runtime_env, ...

IMAGE = "127.0.0.1:5000/library/busybox:1.35"
REF_DIR = os.environ.get("DOCKERCRI_REFDOCKER_DIR") or "/var/tmp/refdocker-sidebyside"

# The objects every case may name: "{p}-web" and so on, the same names on both sides.
WORLD = (
    ("web", ["run", "-d", "--name", "{p}-web", "--label", "app=web", "{img}", "sleep", "1000"], 0),
    ("exit3", ["run", "--name", "{p}-exit3", "{img}", "sh", "-c", "exit 3"], 3),
    ("talker", ["run", "--name", "{p}-talker", "{img}", "sh", "-c",
                "echo out1; echo err1 >&2; sleep 0.1; echo out2; echo err2 >&2; sleep 0.1; "
                "echo out3"], 0),
    ("created", ["create", "--name", "{p}-created", "{img}", "echo", "hello"], 0),
)


def _in_ci():
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _unavailable(message):
    if _in_ci():
        pytest.fail("side-by-side suite: %s" % message)
    pytest.skip(message)


def expand(argv, prefix):
    return [a.replace("{p}", prefix).replace("{img}", IMAGE) for a in argv]


class Sides:
    """Runs one argv with the reference docker client and with dockercri in-process."""

    def __init__(self, ref, runtime_env, prefix):
        self.ref = ref
        self.prefix = prefix
        self.cri_env = dict(runtime_env)
        for name in ("DOCKER_HOST", "DOCKER_CONTEXT"):
            self.cri_env.pop(name, None)
        self.docker_env = {"DOCKER_CONTEXT": "default"}
        self.made = set()       # names to remove at the end, on both sides
        self.names_by_id = {}   # side -> {12-char id: short name}

    def docker(self, argv, timeout=120):
        proc = self.ref.docker(*argv, timeout=timeout, env=self.docker_env)
        return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                      proc.stderr.decode("utf-8", "replace"))

    def dockercri(self, argv):
        return run_cli(list(argv), environ=self.cri_env)

    def both(self, argv):
        argv = expand(argv, self.prefix)
        for i, arg in enumerate(argv[:-1]):
            if arg == "--name":
                self.made.add(argv[i + 1])
        return {"docker": self.docker(argv), "dockercri": self.dockercri(argv)}

    def remove(self, names):
        names = sorted(names)
        if names:
            self.docker(["rm", "-f"] + names)
            self.dockercri(["rm", "-f"] + names)


def _terminal_log(config):
    """Messages that reach the terminal whatever pytest captures: installing docker.io and
    starting or stopping dockerd are said where the person running the suite sees them."""
    capture = config.pluginmanager.getplugin("capturemanager")

    def log(message):
        with capture.global_and_fixture_disabled():
            print(message, file=sys.stderr, flush=True)
    return log


@pytest.fixture(scope="session")
def refdocker(testbed, request):
    if os.geteuid() != 0:
        _unavailable("the reference dockerd needs root")
    from tools.refdocker import RefDocker, RefDockerError

    ref = RefDocker(REF_DIR, log=_terminal_log(request.config))
    try:
        started = ref.start()
    except (RefDockerError, OSError, subprocess.SubprocessError) as error:
        _unavailable("the reference docker engine did not start: %s" % error)
    try:
        # A clean engine, holding the testbed's busybox image under the same reference.
        left = ref.docker("ps", "-aq").stdout.decode().split()
        if left:
            ref.docker("rm", "-f", *left)
        archive = os.path.join(testbed.layout.images, "busybox.tar")
        loaded = ref.docker("load", "-i", archive)
        assert loaded.returncode == 0, loaded.stderr.decode()
        listed = ref.docker("images", "--format", "{{.Repository}}:{{.Tag}}").stdout.decode()
        for line in listed.split():
            if line != IMAGE:
                ref.docker("rmi", line)
        yield ref
    finally:
        if started:
            ref.stop()


@pytest.fixture(scope="session")
def sides(refdocker, runtime_env):
    prefix = "sbs%s" % uuid.uuid4().hex[:4]
    s = Sides(refdocker, runtime_env, prefix)
    pulled = s.dockercri(["pull", IMAGE])
    assert pulled.code == 0, pulled
    try:
        for short, argv, status in WORLD:
            results = s.both(argv)
            for side, result in results.items():
                assert result.code == status, (side, argv, result)
        for side, run in (("docker", s.docker), ("dockercri", s.dockercri)):
            out = run(["inspect", "-f", "{{.Id}} {{.Name}}"] +
                      ["%s-%s" % (prefix, short) for short, _, _ in WORLD]).out
            table = {}
            for line in out.splitlines():
                ident, name = line.split()
                table[ident[:12]] = name.lstrip("/")[len(prefix) + 1:]
            image = run(["inspect", "-f", "{{.Id}}", IMAGE]).out.strip()
            table[image[len("sha256:"):][:12]] = "image"
            s.names_by_id[side] = table
        yield s
    finally:
        s.remove(s.made)
