"""Where every file of a testbed lives.

All state is kept below one directory so that `down --purge` can remove it and
so that nothing of a system runtime (/run/containerd, /var/lib/containerd,
/etc/cni) is ever read or written.
"""

from __future__ import annotations

import os

DEFAULT_DIR = "/var/tmp/dockercri-testbed"
DEFAULT_REGISTRY_PORT = 5000

# A bridge and network name of our own: a system `cni0`, `docker0` or podman
# network must never be reused or torn down by the testbed.
BRIDGE = "dcri0"
NETWORK_NAME = "dockercri-testbed"
SUBNET = "10.88.0.0/16"

# Namespace used by the CRI plugin of containerd.
CRI_NAMESPACE = "k8s.io"

# The kernel limits a unix socket path (sun_path) to 107 bytes.
_MAX_SOCKET_PATH = 107


def default_dir() -> str:
    return os.environ.get("DOCKERCRI_TESTBED_DIR") or DEFAULT_DIR


class Layout:
    """Paths derived from the testbed directory."""

    def __init__(self, directory: str | None = None):
        self.dir = os.path.abspath(directory or default_dir())
        d = self.dir
        self.lock = os.path.join(d, "lock")
        self.state_file = os.path.join(d, "testbed.json")
        # Sockets and pid files: cleared by `down`.
        self.run = os.path.join(d, "run")
        self.socket = os.path.join(self.run, "containerd.sock")
        self.ttrpc_socket = os.path.join(self.run, "containerd.sock.ttrpc")
        self.debug_socket = os.path.join(self.run, "debug.sock")
        self.containerd_pid = os.path.join(self.run, "containerd.pid")
        self.registry_pid = os.path.join(self.run, "registry.pid")
        # containerd's own folders.
        self.root = os.path.join(d, "root")
        self.state = os.path.join(d, "state")
        self.opt = os.path.join(d, "opt")
        # Configuration files.
        self.etc = os.path.join(d, "etc")
        self.containerd_config = os.path.join(self.etc, "containerd.toml")
        self.registry_config = os.path.join(self.etc, "registry.yml")
        self.cni_conf_dir = os.path.join(self.etc, "cni", "net.d")
        self.certs_dir = os.path.join(self.etc, "certs.d")
        # host-local IPAM keeps its leases here instead of /var/lib/cni.
        self.cni_data = os.path.join(d, "cni")
        # Kept across `down` so that the next `up` is fast.
        self.registry_storage = os.path.join(d, "registry")
        self.images = os.path.join(d, "images")
        self.logs = os.path.join(d, "log")
        self.containerd_log = os.path.join(self.logs, "containerd.log")
        self.registry_log = os.path.join(self.logs, "registry.log")

    def check(self) -> None:
        for path in (self.socket, self.ttrpc_socket, self.debug_socket):
            if len(path.encode()) > _MAX_SOCKET_PATH:
                raise ValueError(
                    "testbed directory %r is too long for a unix socket path; "
                    "choose a shorter --dir" % self.dir
                )

    def make_dirs(self) -> None:
        for path in (self.run, self.root, self.state, self.opt, self.etc,
                     self.cni_conf_dir, self.certs_dir, self.cni_data,
                     self.registry_storage, self.images, self.logs):
            os.makedirs(path, exist_ok=True)
        # Container root filesystems live below these two: keep them closed
        # to other users, as a system /var/lib/containerd is.
        for path in (self.root, self.state):
            os.chmod(path, 0o711)
