"""Ctrl-C and SIGTERM in the middle of run: nothing is left half-made."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest

from tests.e2e.test_lifecycle import pods_named


def spawn(runtime_env, *argv):
    return subprocess.Popen([sys.executable, "-m", "dockercri"] + list(argv), env=runtime_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_pod(cri, name, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pods_named(cri, name):
            return
        time.sleep(0.05)
    raise AssertionError("no pod %s appeared" % name)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupting_an_attached_run_rm_removes_container_and_pod(runtime_env, cri, testbed,
                                                                   signum):
    """--sig-proxy=false: the signal ends dockercri (130) and --rm removes what it made."""
    name = "intr-" + uuid.uuid4().hex[:6]
    proc = spawn(runtime_env, "run", "--rm", "--sig-proxy=false", "--name", name,
                 testbed.images["busybox"], "sleep", "100")
    wait_for_pod(cri, name)
    time.sleep(0.5)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert pods_named(cri, name) == []


def wait_until_running(cri, name, timeout=30):
    """The command has started the container (a signal before that undoes the run)."""
    from dockercri.labels import NAME_LABEL
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = cri.call("RuntimeService.ListContainers", {"filter": {
            "label_selector": {NAME_LABEL: name}, "state": {"state": "CONTAINER_RUNNING"}}})
        if found.containers:
            return
        time.sleep(0.05)
    raise AssertionError("%s did not start" % name)


def test_interrupted_run_without_rm_keeps_the_running_container(runtime_env, cri, dcri, testbed):
    name = "keep-" + uuid.uuid4().hex[:6]
    proc = spawn(runtime_env, "run", "--sig-proxy=false", "--name", name,
                 testbed.images["busybox"], "sleep", "100")
    try:
        wait_until_running(cri, name)
        time.sleep(0.5)  # and has begun to follow its output
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
        assert len(pods_named(cri, name)) == 1
    finally:
        dcri("rm", "-f", name)


@pytest.mark.parametrize("signum,code,word", [(signal.SIGTERM, 7, "term"),
                                              (signal.SIGHUP, 9, "hup"),
                                              (signal.SIGINT, 5, "int")])
def test_signals_reach_the_container_of_a_foreground_run(runtime_env, cri, testbed, signum,
                                                          code, word):
    """docker's --sig-proxy (the default): the signal goes to the container's process, whose
    output is printed to the end and whose exit code is the command's (checked against the
    reference docker engine: SIGTERM to `docker run --rm ... trap` prints the trap's output,
    exits 7 and removes the container)."""
    name = "proxy-" + uuid.uuid4().hex[:6]
    script = ('trap "echo got-term; exit 7" TERM; trap "echo got-hup; exit 9" HUP; '
              'trap "echo got-int; exit 5" INT; echo ready; sleep 30 & wait')
    proc = spawn(runtime_env, "run", "--rm", "--name", name, testbed.images["busybox"],
                 "sh", "-c", script)
    first = proc.stdout.readline()
    assert first == b"ready\n", proc.stderr.read() if not first else first
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out) == (code, b"got-%s\n" % word.encode()), err
    assert pods_named(cri, name) == []


def test_a_container_that_ignores_the_signal_keeps_the_run_going(runtime_env, cri, dcri,
                                                                 testbed):
    """As docker: `sleep` as the container's first process ignores SIGINT and SIGTERM, so the
    run goes on (until the container ends, here by `docker stop` from another shell)."""
    name = "ignore-" + uuid.uuid4().hex[:6]
    proc = spawn(runtime_env, "run", "--rm", "--name", name, testbed.images["busybox"],
                 "sleep", "100")
    try:
        wait_until_running(cri, name)
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        proc.send_signal(signal.SIGTERM)
        time.sleep(1.0)
        assert proc.poll() is None
        stopped = dcri("stop", "-t", "1", name)
        assert stopped.code == 0, stopped
        proc.communicate(timeout=60)
        assert proc.returncode == 137  # killed by stop after its timeout, as docker says
        assert pods_named(cri, name) == []
    finally:
        if proc.poll() is None:
            proc.kill()
        dcri("rm", "-f", name)


def test_interrupts_at_random_moments_of_run_d_leave_all_or_nothing(runtime_env, cri, dcri,
                                                                    testbed):
    """SIGTERM at a spread of moments: afterwards either a whole running container exists
    (the command had finished its work) or nothing of it does."""
    repetitions = int(os.environ.get("DOCKERCRI_INTERRUPT_REPEAT", "12"))
    for index in range(repetitions):
        name = "rand-%d-%s" % (index, uuid.uuid4().hex[:4])
        proc = spawn(runtime_env, "run", "-d", "--name", name, testbed.images["busybox"],
                     "sleep", "100")
        time.sleep(0.05 + (index % 12) * 0.06)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
        pods = pods_named(cri, name)
        if pods:
            containers = [c for c in cri.call("RuntimeService.ListContainers", {}).containers
                          if c.pod_sandbox_id == pods[0].id]
            assert len(containers) == 1, (name, proc.returncode)
            dcri("rm", "-f", name)
        assert pods_named(cri, name) == []


def test_cidfile_is_written_and_never_overwritten(dcri, testbed, tmp_path):
    name = "cid-" + uuid.uuid4().hex[:6]
    cidfile = tmp_path / "cid"
    result = dcri("run", "-d", "--cidfile", str(cidfile), "--name", name,
                  testbed.images["busybox"], "sleep", "100")
    try:
        assert result.code == 0 and cidfile.read_text() == result.out.strip()
        again = dcri("run", "-d", "--cidfile", str(cidfile), testbed.images["busybox"], "true")
        assert again.code == 125
        assert "Container ID file found" in again.err
    finally:
        dcri("rm", "-f", name)


def test_stop_uses_the_containers_stop_timeout(dcri, testbed):
    name = "stopt-" + uuid.uuid4().hex[:6]
    dcri("run", "-d", "--name", name, "--stop-timeout", "1", testbed.images["busybox"], "sh",
         "-c", "trap '' TERM; while true; do sleep 0.1; done")
    try:
        time.sleep(0.3)
        started = time.time()
        assert dcri("stop", name).code == 0
        assert time.time() - started < 8  # 1 s, not docker's default of 10
    finally:
        dcri("rm", "-f", name)
