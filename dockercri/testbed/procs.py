"""Start, find and stop the testbed's processes.

Processes are identified by pid files *and* their command line, so that a
recycled pid or a system containerd is never signalled by mistake.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time


def spawn(argv: list, log_path: str, pid_path: str, env: dict | None = None,
          cwd: str | None = None) -> int:
    """Start a daemon detached from our terminal and session.

    A new session keeps Ctrl-C in the calling shell (or pytest) from killing
    the daemon, which must outlive the command that started it.
    """
    # Keep logs bounded across many up/down cycles: one previous file.
    try:
        if os.path.getsize(log_path) > _MAX_LOG:
            os.replace(log_path, log_path + ".1")
    except OSError:
        pass
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                start_new_session=True, close_fds=True)
    tmp = pid_path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % proc.pid)
    os.rename(tmp, pid_path)
    # The child is reaped by init once we exit; until then poll() reaps it.
    _children.append(proc)
    return proc.pid


_children: list = []
_MAX_LOG = 16 << 20


def _reap() -> None:
    for proc in list(_children):
        if proc.poll() is not None:
            _children.remove(proc)


def cmdline(pid: int) -> list:
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            raw = f.read()
    except OSError:
        return []
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def alive(pid: int) -> bool:
    _reap()
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def read_pid(pid_path: str, marker: str) -> int | None:
    """Pid from a pid file if that process is alive and mentions `marker`."""
    try:
        with open(pid_path) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return None
    if alive(pid) and any(marker in arg for arg in cmdline(pid)):
        return pid
    return None


def find(program: str, marker: str) -> list:
    """Live processes running `program` with an argument equal to `marker`.

    The fallback when a pid file was lost: our daemons are the only ones
    started with our configuration file as an argument.
    """
    found = []
    for pid in all_pids():
        argv = cmdline(pid)
        if argv and os.path.basename(argv[0]) == program and marker in argv \
                and alive(pid):
            found.append(pid)
    return found


def terminate(pid: int, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL once `timeout` has passed."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not alive(pid):
                return
            time.sleep(0.02)


def all_pids() -> list:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _inside(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def _root_mount(pid: int) -> str:
    """The mountinfo line of a process's topmost "/" mount, or ""."""
    found = ""
    try:
        with open("/proc/%d/mountinfo" % pid) as f:
            for line in f:
                fields = line.split(" ", 5)
                if len(fields) > 4 and fields[4] == "/":
                    found = line
    except OSError:
        return ""
    return found


def rooted_under(directory: str) -> list:
    """Processes whose root filesystem comes from `directory`: containers.

    A container runs in its own mount namespace with a root mounted from a
    snapshot below containerd's root folder (overlay lowerdir/upperdir, or a
    bind mount for the native snapshotter), so its "/" mount names our folder.
    This finds every process of every container (and exec) of this testbed,
    even one whose shim is gone, and none of any other runtime.
    """
    try:
        own_ns = os.readlink("/proc/self/ns/mnt")
    except OSError:
        own_ns = ""
    prefix = directory.rstrip("/") + "/"
    verdict: dict = {}  # mount namespace -> from our folder?
    pids = []
    for pid in all_pids():
        try:
            ns = os.readlink("/proc/%d/ns/mnt" % pid)
        except OSError:
            continue
        if ns == own_ns:
            # Same namespace: only a chroot into our folder would count.
            try:
                root = os.readlink("/proc/%d/root" % pid)
            except OSError:
                continue
            if _inside(root, directory):
                pids.append(pid)
            continue
        if ns not in verdict:
            verdict[ns] = prefix in _root_mount(pid)
        if verdict[ns]:
            pids.append(pid)
    return pids


def shims_of(socket_path: str) -> list:
    """containerd-shim processes started by the containerd at `socket_path`.

    A shim is started as `containerd-shim-runc-v2 -namespace NS -address SOCK
    -id ID ...`; the address tells whose shim it is.
    """
    pids = []
    for pid in all_pids():
        argv = cmdline(pid)
        if not argv or not os.path.basename(argv[0]).startswith(
                "containerd-shim"):
            continue
        for i, arg in enumerate(argv[:-1]):
            if arg in ("-address", "--address") and argv[i + 1] == socket_path:
                pids.append(pid)
                break
    return pids


def kill_all(pids: list, timeout: float = 5.0) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.02)


def wait_gone(pids: list, timeout: float) -> list:
    deadline = time.monotonic() + timeout
    while True:
        left = [p for p in pids if alive(p)]
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.05)
