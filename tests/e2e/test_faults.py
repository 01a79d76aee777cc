"""Faults: a runtime that is down or dies mid-command, damaged log files, a full disk, and
interrupts. dockercri says what happened in one line, exits with docker's status, and
leaves nothing half-made.

The runtime-crash tests kill -9 a containerd of their own (not the shared testbed's): a
second private instance in its own folder, with its own socket and no CNI (host-network
pods only), pulling from the testbed's registry.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import pytest

from tests.e2e.test_lifecycle import pods_named

DOCKER_EXIT_CODES = {0, 1, 125, 126, 127}
STAMP = "2026-01-02T03:04:05.%09dZ"


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:6])


def spawn(env, *argv):
    return subprocess.Popen([sys.executable, "-m", "dockercri"] + list(argv), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run_bytes(env, *argv, timeout=60):
    proc = subprocess.run([sys.executable, "-m", "dockercri"] + list(argv), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def assert_clean_failure(code, err, allowed=DOCKER_EXIT_CODES):
    text = err.decode("utf-8", "replace") if isinstance(err, bytes) else err
    assert "Traceback" not in text and "(run with --debug for details)" not in text, text
    assert code in allowed, (code, text)


def interrupt_repetitions():
    return int(os.environ.get("DOCKERCRI_INTERRUPT_REPEAT", "12"))


def remove_all(dcri, cri, names, tries=10):
    """rm -f until the names are gone. The runtime may still be finishing the stop that an
    interrupted command asked for, and refuse a second one for a moment ("ttrpc: closed")."""
    for _ in range(tries):
        result = dcri("rm", "-f", *names)
        left = [name for name in names if pods_named(cri, name)]
        if not left:
            return
        names = left
        time.sleep(0.5)
    raise AssertionError("rm -f could not remove %s: %s" % (names, result))


def spread(index):
    """Fractions of a command's uninterrupted duration, 0.15 to 1.1, in a cycle of 12."""
    return 0.15 + (index % 12) * 0.95 / 11


# -- the runtime is down ------------------------------------------------------------------

def _no_runtime_env(endpoint):
    env = dict(os.environ)
    env.update({"CONTAINER_RUNTIME_ENDPOINT": endpoint, "IMAGE_SERVICE_ENDPOINT": endpoint})
    return env


class DroppingListener:
    """A unix socket that accepts each connection and closes it at once."""

    def __init__(self, path, hold=False):
        self.path = path
        self.hold = hold
        self.held = []
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.bind(path)
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            if self.hold:
                self.held.append(conn)  # accepted, never a byte of HTTP/2
            else:
                conn.close()

    def close(self):
        self.stopping = True
        self.thread.join(5)
        for conn in self.held:
            conn.close()
        self.sock.close()


@contextlib.contextmanager
def dead_endpoint(kind):
    """An endpoint where no runtime answers: no socket file ("missing"), a socket file
    nobody listens on ("stale"), a listener that drops every connection ("dropping"), one
    that accepts and never speaks ("silent")."""
    directory = tempfile.mkdtemp(prefix="dcri-dead-")
    path = os.path.join(directory, "cri.sock")
    listener = None
    if kind == "stale":
        stale = socket.socket(socket.AF_UNIX)
        stale.bind(path)
        stale.close()  # the file stays, connections are refused
    elif kind in ("dropping", "silent"):
        listener = DroppingListener(path, hold=kind == "silent")
    try:
        yield "unix://" + path
    finally:
        if listener is not None:
            listener.close()
        shutil.rmtree(directory, ignore_errors=True)


COMMANDS_WITHOUT_RUNTIME = [
    (["ps", "-a"], 1), (["images"], 1), (["inspect", "web"], 1), (["logs", "-f", "web"], 1),
    (["rm", "-f", "a", "b"], 1), (["stop", "web"], 1), (["kill", "web"], 1), (["version"], 1),
    (["pull", "busybox"], 1), (["run", "-d", "busybox"], 125), (["create", "busybox"], 1),
]


@pytest.mark.parametrize("kind,argv,code", [("missing", argv, code)
                                            for argv, code in COMMANDS_WITHOUT_RUNTIME] + [
    (kind, argv, code) for kind in ("stale", "dropping", "silent")
    for argv, code in (COMMANDS_WITHOUT_RUNTIME[0], COMMANDS_WITHOUT_RUNTIME[9])])
def test_a_runtime_that_is_down_gives_one_line_within_the_timeout(kind, argv, code):
    with dead_endpoint(kind) as endpoint:
        started = time.monotonic()
        got, out, err = run_bytes(_no_runtime_env(endpoint), "--timeout", "1s", *argv)
        elapsed = time.monotonic() - started
    text = err.decode()
    assert_clean_failure(got, err)
    assert got == code, text
    assert "Cannot connect to the CRI runtime at %s" % endpoint in text
    # One line (run adds docker's help hint).
    lines = [line for line in text.splitlines() if line and not line.startswith("See '")]
    assert len(lines) == 1, text
    assert elapsed < 1 + 3, elapsed  # the timeout, plus start-up


# -- a second, private containerd that the tests may kill ---------------------------------

class PrivateContainerd:
    def __init__(self, testbed):
        from dockercri.testbed import network
        from dockercri.testbed.containerd import Containerd, hosts_toml, render_config
        from dockercri.testbed.layout import Layout

        self.testbed = testbed
        self.directory = tempfile.mkdtemp(prefix="dcri-fault-", dir="/var/tmp")
        self.layout = Layout(self.directory)
        self.layout.check()
        self.layout.make_dirs()
        snapshotter = "overlayfs" if network.overlay_supported() else "native"
        # No CNI configuration: pods use the host's network, nothing touches the bridge.
        with open(self.layout.containerd_config, "w") as handle:
            handle.write(render_config(self.layout, testbed.images["pause"], snapshotter))
        hosts = os.path.join(self.layout.certs_dir, testbed.registry, "hosts.toml")
        os.makedirs(os.path.dirname(hosts), exist_ok=True)
        with open(hosts, "w") as handle:
            handle.write(hosts_toml(testbed.registry))
        self.containerd = Containerd(self.layout)

    @property
    def endpoint(self):
        return "unix://" + self.layout.socket

    def env(self):
        return _no_runtime_env(self.endpoint)

    def client(self):
        from dockercri.config import resolve
        from dockercri.runtime.connection import CRI
        return CRI(resolve(runtime_endpoint=self.endpoint, environ={}))

    def start(self, timeout=60):
        self.containerd.start()
        deadline = time.monotonic() + timeout
        while True:  # the CRI plugin answers "not initialized" while it recovers
            client = self.client()
            try:
                client.call("RuntimeService.ListPodSandbox", {})
                return
            except Exception:  # noqa: BLE001 - not ready yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
            finally:
                client.close()

    def kill(self):
        from dockercri.testbed import procs
        pid = self.containerd.pid()
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while procs.alive(pid) and time.monotonic() < deadline:
            time.sleep(0.01)

    def state(self):
        """{pod name: (pod state, [container states])}."""
        client = self.client()
        try:
            pods = client.call("RuntimeService.ListPodSandbox", {}).items
            containers = client.call("RuntimeService.ListContainers", {}).containers
        finally:
            client.close()
        return {pod.metadata.name: (pod.state, [c.state for c in containers
                                                if c.pod_sandbox_id == pod.id])
                for pod in pods}

    def remove_everything(self):
        client = self.client()
        try:
            for pod in client.call("RuntimeService.ListPodSandbox", {}).items:
                client.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod.id})
                client.call("RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod.id})
        finally:
            client.close()

    def destroy(self):
        from dockercri.testbed import mounts
        try:
            if self.containerd.pid() is not None:
                self.remove_everything()
        finally:
            self.containerd.stop()
            mounts.unmount_all(self.directory)
            shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="module")
def private(testbed):
    runtime = PrivateContainerd(testbed)
    try:
        runtime.start()
    except Exception as error:  # noqa: BLE001
        runtime.destroy()
        pytest.skip("a second containerd cannot start here: %s" % error)
    code, _, err = run_bytes(runtime.env(), "pull", testbed.images["busybox"], timeout=120)
    assert code == 0, err
    yield runtime
    runtime.destroy()


@pytest.fixture
def alive(private):
    """The private runtime, running again if a test killed it."""
    if private.containerd.pid() is None:
        private.start()
    yield private
    if private.containerd.pid() is None:
        private.start()
    private.remove_everything()


def _one_runtime_error(err):
    text = err.decode("utf-8", "replace")
    assert "runtime" in text, text
    return text


def test_logs_follow_when_the_runtime_dies(alive, testbed):
    env = alive.env()
    name = unique("lf")
    code, _, err = run_bytes(env, "run", "-d", "--network", "host", "--name", name,
                             testbed.images["busybox"], "sh", "-c",
                             "i=0; while true; do echo line $i; i=$((i+1)); sleep 0.05; done")
    assert code == 0, err
    proc = spawn(env, "logs", "-f", name)
    time.sleep(1.5)
    alive.kill()
    killed = time.monotonic()
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - killed < 5
    assert_clean_failure(proc.returncode, err)
    assert proc.returncode == 1
    text = _one_runtime_error(err)
    assert len(text.strip().splitlines()) == 1, text
    assert out.startswith(b"line 0\nline 1\n")
    alive.start()
    # The container outlived its runtime and is still there, whole.
    assert alive.state()[name][1] == [1]
    code, _, err = run_bytes(env, "rm", "-f", name)
    assert code == 0, err
    assert name not in alive.state()


def _timed_run(env, image, name):
    started = time.monotonic()
    code, _, err = run_bytes(env, "run", "-d", "--network", "host", "--name", name, image,
                             "sleep", "100")
    assert code == 0, err
    return time.monotonic() - started


def test_run_when_the_runtime_dies_leaves_nothing_dockercri_cannot_remove(alive, testbed):
    """kill -9 at a spread of moments of `run -d`: dockercri exits 0 (it had finished) or
    125 naming the runtime; after the restart the container is whole, or absent, or a pod
    sandbox the runtime kept without its container, which `rm -f NAME` removes."""
    env = alive.env()
    image = testbed.images["busybox"]
    calibrate = unique("cal")
    duration = _timed_run(env, image, calibrate)
    run_bytes(env, "rm", "-f", calibrate)
    outcomes = {}
    moments = 10
    for index in range(moments):
        name = "rk%d-%s" % (index, uuid.uuid4().hex[:4])
        proc = spawn(env, "run", "-d", "--network", "host", "--name", name, image, "sleep", "100")
        time.sleep(duration * (0.3 + 1.2 * index / (moments - 1)))
        alive.kill()
        out, err = proc.communicate(timeout=60)
        assert_clean_failure(proc.returncode, err, {0, 125})
        if proc.returncode:
            _one_runtime_error(err)
        alive.start()
        found = alive.state().get(name)
        if proc.returncode == 0:
            assert found is not None and found[1] == [1], found  # reported made: it is
            outcome = "whole"
        elif found is None:
            outcome = "nothing"
        elif found[1]:
            outcome = "container left"  # a container the runtime made before it died
        else:
            outcome = "pod without container"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        code, _, err = run_bytes(env, "rm", "-f", name)
        assert code == 0, err
        assert name not in alive.state(), "rm -f left %s behind" % name
        if outcome != "nothing":
            # The name is free again.
            _timed_run(env, image, name)
            run_bytes(env, "rm", "-f", name)
    print("run -d killed at %d moments over %.2fs: %s" % (moments, duration, outcomes))


def test_rm_of_many_when_the_runtime_dies(alive, testbed):
    """kill -9 while `rm -f` removes ten containers: rm exits 1 naming the runtime; what it
    printed is gone; every other container is whole, gone, or (when the runtime died inside
    RemovePodSandbox, which removes the container before the pod) a pod sandbox without its
    container; a second `rm -f` of the same names removes everything."""
    env = alive.env()
    image = testbed.images["busybox"]
    outcomes = {}
    for attempt, delay in enumerate((0.5, 0.65, 0.8, 0.95, 1.1)):
        names = ["rm%d-%d-%s" % (attempt, i, uuid.uuid4().hex[:4]) for i in range(10)]
        for name in names:
            code, _, err = run_bytes(env, "run", "-d", "--network", "host", "--name", name,
                                     image, "sleep", "100")
            assert code == 0, err
        proc = spawn(env, "rm", "-f", *names)
        time.sleep(delay)
        alive.kill()
        out, err = proc.communicate(timeout=60)
        assert_clean_failure(proc.returncode, err, {0, 1})
        if proc.returncode:
            _one_runtime_error(err)
        alive.start()
        state = alive.state()
        for name in names:
            outcome = ("gone" if name not in state else "whole" if state[name][1]
                       else "pod without container")
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        for name in out.decode().split():
            assert name not in state, "%s was reported removed but is there" % name
        code, out, err = run_bytes(env, "rm", "-f", *names)
        assert code == 0, err
        assert not set(names) & set(alive.state())
    print("rm -f of 10 killed at 5 moments: %s" % outcomes)


# -- damaged log files ---------------------------------------------------------------------

def _record(index, content, stream=b"stdout", tag=b"F"):
    return (STAMP % index).encode() + b" " + stream + b" " + tag + b" " + content + b"\n"


@pytest.fixture
def exited(dcri, testbed):
    """A container that has exited, and its log file's path."""
    name = unique("logf")
    result = dcri("run", "--name", name, testbed.images["busybox"], "true")
    assert result.code == 0, result
    path = dcri("inspect", "-f", "{{.LogPath}}", name).out.strip()
    assert os.path.isfile(path), path
    yield name, path
    dcri("rm", "-f", name)


@pytest.fixture
def running(dcri, testbed):
    """A running container that writes nothing, and its log file's path."""
    name = unique("logr")
    result = dcri("run", "-d", "--name", name, testbed.images["busybox"], "sleep", "1000")
    assert result.code == 0, result
    path = dcri("inspect", "-f", "{{.LogPath}}", name).out.strip()
    yield name, path
    dcri("rm", "-f", name)


def test_a_line_longer_than_any_buffer_comes_back_whole(exited, runtime_env):
    name, path = exited
    whole = bytes(range(32, 127)) * (5 * 1024 * 1024 // 95)  # 5 MiB in one record
    split = b"0123456789abcdef" * (3 * 1024 * 1024 // 16)  # 3 MiB in 16 KiB P records
    with open(path, "wb") as handle:
        handle.write(_record(1, b"first"))
        handle.write(_record(2, whole))
        pieces = [split[offset:offset + 16384] for offset in range(0, len(split), 16384)]
        for piece in pieces[:-1]:
            handle.write(_record(3, piece, tag=b"P"))
        handle.write(_record(3, pieces[-1]))
        handle.write(_record(4, b"last"))
    code, out, err = run_bytes(runtime_env, "logs", name)
    assert (code, err) == (0, b"")
    assert out == b"first\n" + whole + b"\n" + split + b"\nlast\n"
    code, out, err = run_bytes(runtime_env, "logs", "--tail", "2", name)
    assert (code, out) == (0, split + b"\nlast\n")


def test_invalid_utf8_and_malformed_prefixes(exited, runtime_env):
    name, path = exited
    with open(path, "wb") as handle:
        handle.write(_record(1, b"caf\xc3\xa9 \xff\xfe\xc3( end"))
        handle.write(b"no prefix at all\n")
        handle.write(b"2026-01-02T03:04:05Z stdin F wrong stream\n")
        handle.write(b"2026-01-02T03:04:05Z stdout\n")
        handle.write(b"not-a-time stdout F bad time\n")
        handle.write(b"\n\x00\xff\n")
        handle.write(_record(2, b"err \x80", stream=b"stderr"))
        handle.write(b"2026-01-02T03:04:05Z stdout F")  # no newline at the end: a line
    code, out, err = run_bytes(runtime_env, "logs", name)
    assert code == 0
    assert out == b"caf\xc3\xa9 \xff\xfe\xc3( end\n\n"
    assert err == b"err \x80\n"
    code, out, _ = run_bytes(runtime_env, "logs", "-t", "--tail", "all", name)
    assert code == 0 and out.startswith(b"2026-01-02T03:04:05.000000001Z caf\xc3\xa9 \xff")


def test_a_truncated_or_deleted_log(exited, runtime_env):
    name, path = exited
    with open(path, "wb") as handle:
        handle.write(_record(1, b"a") + _record(2, b"b")[:20])  # cut mid-record
    code, out, err = run_bytes(runtime_env, "logs", name)
    assert (code, out) == (0, b"a\n")
    open(path, "wb").close()
    assert run_bytes(runtime_env, "logs", name)[:2] == (0, b"")
    os.unlink(path)
    code, out, err = run_bytes(runtime_env, "logs", name)
    assert_clean_failure(code, err)
    assert code == 1 and b"does not exist" in err and len(err.splitlines()) == 1


class Reader(threading.Thread):
    """Collects a process's stdout lines as they come."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream = stream
        self.lines = []
        self.start()

    def run(self):
        for line in iter(self.stream.readline, b""):
            self.lines.append(line)

    def wait_for(self, count, timeout=15):
        deadline = time.monotonic() + timeout
        while len(self.lines) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.lines) >= count, self.lines
        return self.lines


def test_follow_across_rotation_and_truncation(running, runtime_env, dcri):
    name, path = running
    with open(path, "wb") as handle:
        handle.write(_record(1, b"one") + _record(2, b"two"))
    proc = spawn(runtime_env, "logs", "-f", name)
    reader = Reader(proc.stdout)
    try:
        reader.wait_for(2)
        with open(path, "ab") as handle:
            handle.write(_record(3, b"three"))
        reader.wait_for(3)
        # Rotation, as the kubelet does it: rename, the old file still written, a new file.
        os.rename(path, path + ".1")
        with open(path + ".1", "ab") as handle:
            handle.write(_record(4, b"four, in the rotated file"))
        with open(path, "wb") as handle:
            handle.write(_record(5, b"five, in the new file"))
        reader.wait_for(5)
        # copytruncate: the file is emptied and written again from its start.
        time.sleep(0.5)
        with open(path, "r+b") as handle:
            handle.truncate(0)
        time.sleep(0.6)
        with open(path, "ab") as handle:
            handle.write(_record(6, b"six"))
        reader.wait_for(6)
        assert dcri("rm", "-f", name).code == 0  # the container stops: following ends
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if os.path.exists(path + ".1"):
            os.unlink(path + ".1")
    assert proc.returncode == 0, proc.stderr.read()
    assert reader.lines == [b"one\n", b"two\n", b"three\n", b"four, in the rotated file\n",
                            b"five, in the new file\n", b"six\n"]


def test_follow_ends_cleanly_when_the_container_is_removed(running, runtime_env, cri, dcri):
    """The container removed under `logs -f` (here its container alone, through CRI, as a
    crash may leave it): following ends with exit 0, and `rm -f NAME` then removes the pod
    left without its container."""
    name, path = running
    with open(path, "wb") as handle:
        handle.write(_record(1, b"one"))
    proc = spawn(runtime_env, "logs", "-f", name)
    reader = Reader(proc.stdout)
    try:
        reader.wait_for(1)
        [pod] = pods_named(cri, name)
        for container in _containers_of(cri, pod.id):
            cri.call("RuntimeService.RemoveContainer", {"container_id": container.id})
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    err = proc.stderr.read()
    assert (proc.returncode, err, reader.lines) == (0, b"", [b"one\n"])
    removed = dcri("rm", "-f", name)
    assert (removed.code, removed.out, removed.err) == (0, name + "\n", "")
    assert pods_named(cri, name) == []


# -- a full disk --------------------------------------------------------------------------

@pytest.fixture
def full_tmpfs():
    directory = tempfile.mkdtemp(prefix="dcri-full-")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", directory],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if mounted.returncode != 0:
        os.rmdir(directory)
        pytest.skip("cannot mount a tmpfs here: %s" % mounted.stderr.decode().strip())
    try:
        with open(os.path.join(directory, "fill"), "wb") as handle:
            try:
                handle.write(b"\0" * 65536)
                handle.flush()
            except OSError:
                pass  # full
        yield directory
    finally:
        subprocess.run(["umount", directory], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.rmdir(directory)


def test_a_cidfile_on_a_full_disk_fails_cleanly(full_tmpfs, dcri, cri, testbed):
    name = unique("cidfull")
    cidfile = os.path.join(full_tmpfs, "x")
    result = dcri("run", "-d", "--cidfile", cidfile, "--name", name, testbed.images["busybox"],
                  "sleep", "100")
    try:
        assert_clean_failure(result.code, result.err)
        assert result.code == 125, result
        assert "No space left on device" in result.err and "See 'docker run --help'." in result.err
        assert pods_named(cri, name) == []
        assert not os.path.exists(cidfile)  # a retry once there is room can use the path
    finally:
        dcri("rm", "-f", name)


# -- interrupts: all or nothing -------------------------------------------------------------

def _containers_of(cri, pod_id):
    return [c for c in cri.call("RuntimeService.ListContainers", {}).containers
            if c.pod_sandbox_id == pod_id]


def test_interrupts_at_random_moments_of_create_leave_all_or_nothing(runtime_env, cri, dcri,
                                                                     testbed):
    """SIGTERM at a spread of moments of `create`: afterwards a pod with its one created
    container exists, or nothing of it does."""
    calibrate = unique("crcal")
    started = time.monotonic()
    assert spawn(runtime_env, "create", "--name", calibrate, testbed.images["busybox"]).wait() == 0
    duration = time.monotonic() - started
    dcri("rm", "-f", calibrate)
    outcomes = {}
    for index in range(interrupt_repetitions()):
        name = "crint-%d-%s" % (index, uuid.uuid4().hex[:4])
        proc = spawn(runtime_env, "create", "--name", name, testbed.images["busybox"],
                     "sleep", "100")
        time.sleep(duration * spread(index))
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert_clean_failure(proc.returncode, err, DOCKER_EXIT_CODES | {130, -signal.SIGTERM})
        pods = pods_named(cri, name)
        try:
            if proc.returncode == 0:
                assert len(pods) == 1
            if pods:
                assert len(pods) == 1
                containers = _containers_of(cri, pods[0].id)
                assert len(containers) == 1, (name, proc.returncode, containers)
                assert containers[0].state == 0  # created, not started
            key = "exit %s, %s" % (proc.returncode, "made" if pods else "nothing")
            outcomes[key] = outcomes.get(key, 0) + 1
        finally:
            dcri("rm", "-f", name)
        assert pods_named(cri, name) == []
    print("create interrupted %d times: %s" % (interrupt_repetitions(), outcomes))


def test_interrupts_at_random_moments_of_rm_of_many_leave_each_whole_or_gone(runtime_env, cri,
                                                                             dcri, testbed):
    """SIGTERM at a spread of moments of `rm -f a b c`: afterwards each container is fully
    there (its pod and its container) or fully gone, never a pod without its container."""
    def make(names):
        for name in names:
            made = dcri("run", "-d", "--name", name, testbed.images["busybox"], "sleep", "100")
            assert made.code == 0, made

    calibrate = [unique("rmcal") for _ in range(3)]
    make(calibrate)
    started = time.monotonic()
    assert spawn(runtime_env, "rm", "-f", *calibrate).wait() == 0
    duration = time.monotonic() - started
    removed = []
    for index in range(interrupt_repetitions()):
        names = ["rmint-%d%s-%s" % (index, letter, uuid.uuid4().hex[:4]) for letter in "abc"]
        make(names)
        proc = spawn(runtime_env, "rm", "-f", *names)
        time.sleep(duration * spread(index))
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert_clean_failure(proc.returncode, err, DOCKER_EXIT_CODES | {130, -signal.SIGTERM})
        try:
            for name in names:
                pods = pods_named(cri, name)
                assert len(pods) <= 1
                if pods:
                    assert len(_containers_of(cri, pods[0].id)) == 1, (
                        "%s: a pod without its container (rm exited %s)" % (name,
                                                                          proc.returncode))
            for name in out.decode().split():
                assert pods_named(cri, name) == [], "%s reported removed, still there" % name
            removed.append(sum(1 for name in names if not pods_named(cri, name)))
        finally:
            remove_all(dcri, cri, names)
    print("rm -f a b c interrupted %d times; removed before the signal: %s"
          % (len(removed), {count: removed.count(count) for count in sorted(set(removed))}))
