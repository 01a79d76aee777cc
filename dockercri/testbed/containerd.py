"""A private containerd with the CRI plugin, configured for this machine.

The configuration starts from `containerd config default` (so it matches the
installed version) and changes only what the testbed needs; every folder and
socket is below the testbed directory.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time

from . import procs
from .errors import TestbedError
from .layout import CRI_NAMESPACE
from .packages import CNI_BIN_DIR, search_path, which
from .registry import tail

CRI = 'plugins."io.containerd.grpc.v1.cri"'


def _quote(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"')


def set_key(text: str, section: str, key: str, value) -> str:
    """Set `key` in TOML `[section]` ("" = top level), keeping the layout.

    A line-based edit is enough for the flat output of `config default` and
    avoids needing a TOML writer (the standard library has none).
    """
    lines = text.splitlines()
    start = 0
    indent = ""
    if section:
        header = "[%s]" % section
        for i, line in enumerate(lines):
            if line.strip() == header:
                start = i + 1
                indent = line[:len(line) - len(line.lstrip())] + "  "
                break
        else:
            lines += ["", header, "  %s = %s" % (key, _quote(value))]
            return "\n".join(lines) + "\n"
    end = len(lines)
    for i in range(start, len(lines)):
        if lines[i].lstrip().startswith("["):
            end = i
            break
    pattern = re.compile(r"^(\s*)%s\s*=" % re.escape(key))
    for i in range(start, end):
        m = pattern.match(lines[i])
        if m:
            lines[i] = "%s%s = %s" % (m.group(1), key, _quote(value))
            return "\n".join(lines) + "\n"
    lines.insert(start, "%s%s = %s" % (indent, key, _quote(value)))
    return "\n".join(lines) + "\n"


def default_config() -> str:
    binary = which("containerd")
    if not binary:
        raise TestbedError("containerd is not installed")
    proc = subprocess.run([binary, "config", "default"], stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise TestbedError("containerd config default failed: %s"
                           % proc.stderr.decode(errors="replace").strip())
    return proc.stdout.decode()


def render_config(layout, sandbox_image: str, snapshotter: str,
                  base: str | None = None) -> str:
    text = base if base is not None else default_config()
    changes = [
        ("", "root", layout.root),
        ("", "state", layout.state),
        ("grpc", "address", layout.socket),
        ("ttrpc", "address", layout.ttrpc_socket),
        ("debug", "address", layout.debug_socket),
        ('plugins."io.containerd.internal.v1.opt"', "path", layout.opt),
        # The pause container asks for oom_score_adj -998, which this kind of
        # machine refuses to lower to; without this every RunPodSandbox fails
        # ("can't get final child's PID from pipe: EOF").
        (CRI, "restrict_oom_score_adj", True),
        # Nothing can be pulled from the internet: use the local pause image.
        (CRI, "sandbox_image", sandbox_image),
        (CRI, "stream_server_address", "127.0.0.1"),
        (CRI, "stream_server_port", "0"),
        # Pod network namespaces below our state folder instead of
        # /var/run/netns, so `down` finds and releases them.
        (CRI, "netns_mounts_under_state_dir", True),
        (CRI + ".cni", "bin_dir", CNI_BIN_DIR),
        (CRI + ".cni", "conf_dir", layout.cni_conf_dir),
        (CRI + ".containerd", "snapshotter", snapshotter),
        (CRI + ".containerd", "default_runtime_name", "runc"),
        (CRI + ".containerd.runtimes.runc", "runtime_type",
         "io.containerd.runc.v2"),
        (CRI + ".registry", "config_path", layout.certs_dir),
    ]
    runc = which("runc")
    if runc:
        changes.append((CRI + ".containerd.runtimes.runc.options",
                        "BinaryName", runc))
    for section, key, value in changes:
        text = set_key(text, section, key, value)
    return text


def hosts_toml(registry_host: str) -> str:
    # Plain HTTP to the loopback registry: no TLS, pull and resolve only.
    return (
        'server = "http://%s"\n'
        "\n"
        '[host."http://%s"]\n'
        '  capabilities = ["pull", "resolve"]\n'
        "  skip_verify = true\n" % (registry_host, registry_host)
    )


# The registry people mean when they type `busybox`: containerd's CRI plugin
# resolves docker.io through this mirror first, so the names of docker's
# everyday examples pull the images the testbed serves, with no internet.
DOCKER_HUB = "docker.io"


def docker_hub_mirror_toml(registry_host: str) -> str:
    # `server` stays Docker Hub: a name the local registry lacks fails as it
    # would on any node without the internet, naming the real registry.
    return (
        'server = "https://registry-1.docker.io"\n'
        "\n"
        '[host."http://%s"]\n'
        '  capabilities = ["pull", "resolve"]\n'
        "  skip_verify = true\n" % registry_host
    )


class Containerd:
    def __init__(self, layout):
        self.layout = layout

    def pid(self) -> int | None:
        return procs.read_pid(self.layout.containerd_pid,
                              self.layout.containerd_config)

    def ctr(self, *args, namespace: str = CRI_NAMESPACE,
            timeout: float = 30) -> subprocess.CompletedProcess:
        argv = [which("ctr") or "ctr", "--address", self.layout.socket,
                "--namespace", namespace] + list(args)
        return subprocess.run(argv, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout, env={"PATH": search_path()})

    def socket_answers(self) -> bool:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(1)
        try:
            s.connect(self.layout.socket)
            return True
        except OSError:
            return False
        finally:
            s.close()

    def cri_ready(self) -> bool:
        """The CRI plugin loaded (containerd serves the socket even if not)."""
        if not self.socket_answers():
            return False
        try:
            proc = self.ctr("plugins", "ls", timeout=5)
        except subprocess.TimeoutExpired:
            return False
        if proc.returncode != 0:
            return False
        for line in proc.stdout.decode(errors="replace").splitlines():
            fields = line.split()
            if len(fields) >= 3 and fields[0] == "io.containerd.grpc.v1" \
                    and fields[1] == "cri":
                return fields[-1] == "ok"
        return False

    def healthy(self) -> bool:
        return self.pid() is not None and self.cri_ready()

    def start(self, timeout: float = 30.0) -> None:
        binary = which("containerd")
        if not binary:
            raise TestbedError("containerd is not installed")
        # A stale socket from a killed containerd would make the readiness
        # check below answer before the new daemon is listening.
        for path in (self.layout.socket, self.layout.ttrpc_socket,
                     self.layout.debug_socket):
            if os.path.exists(path):
                os.unlink(path)
        env = {"PATH": search_path(), "HOME": "/root", "TMPDIR": "/var/tmp"}
        log_start = _size(self.layout.containerd_log)
        pid = procs.spawn([binary, "--config", self.layout.containerd_config],
                          self.layout.containerd_log,
                          self.layout.containerd_pid, env=env,
                          cwd=self.layout.dir)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not procs.alive(pid):
                break
            if os.path.exists(self.layout.socket) and self.cri_ready():
                return
            time.sleep(0.05)
        state = "exited" if not procs.alive(pid) else "is not ready after %ds" \
            % timeout
        raise TestbedError("containerd %s; last lines of %s:\n%s" % (
            state, self.layout.containerd_log,
            tail_from(self.layout.containerd_log, log_start)))

    def stop(self) -> None:
        """Stop containers, then containerd, then any shim left behind."""
        directory = self.layout.dir
        pid = self.pid()
        if pid is None:
            found = procs.find("containerd", self.layout.containerd_config)
            pid = found[0] if found else None
        if pid is not None:
            # Killing container processes first lets the CRI plugin record
            # their exit and the shims exit on their own.
            procs.kill_all(procs.rooted_under(directory))
            procs.wait_gone(procs.shims_of(self.layout.socket), 3.0)
            procs.terminate(pid, timeout=10.0)
        procs.kill_all(procs.shims_of(self.layout.socket))
        procs.kill_all(procs.rooted_under(directory))

    def has_image(self, reference: str) -> bool:
        proc = self.ctr("images", "ls", "-q")
        return proc.returncode == 0 and reference in \
            proc.stdout.decode(errors="replace").split()

    def import_image(self, path: str, snapshotter: str) -> None:
        proc = self.ctr("images", "import", "--snapshotter", snapshotter, path,
                        timeout=120)
        if proc.returncode != 0:
            raise TestbedError("ctr images import %s failed: %s" % (
                path, proc.stderr.decode(errors="replace").strip()))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def tail_from(path: str, offset: int, lines: int = 25) -> str:
    """Last lines of what a log gained since `offset` (this start only)."""
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read()
    except OSError:
        return "(no log)"
    text = data.decode(errors="replace").splitlines()
    return "\n".join(text[-lines:]) if text else tail(path, lines)
