"""Make sure the runtime's programs are installed.

Binaries are checked first so that a machine that has them pays nothing; only
when something is missing do we run apt-get (Debian and Ubuntu only).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile

from .errors import TestbedError

CNI_BIN_DIR = "/usr/lib/cni"
CNI_PLUGINS = ("bridge", "host-local", "portmap", "loopback")

# Binary -> Debian package that provides it.
_BINARIES = {
    "containerd": "containerd",
    "containerd-shim-runc-v2": "containerd",
    "ctr": "containerd",
    "runc": "runc",
    "iptables": "iptables",
    "skopeo": "skopeo",
    "docker-registry": "docker-registry",
}

# Search also the sbin folders: a non-login root shell may lack them in PATH.
_EXTRA_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
               "/sbin", "/bin")


def search_path() -> str:
    parts = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join([p for p in parts if p] +
                           [p for p in _EXTRA_PATH if p not in parts])


def which(name: str) -> str | None:
    return shutil.which(name, path=search_path())


def is_static_elf(path: str) -> bool:
    """True if the ELF file has no program interpreter (PT_INTERP).

    A dynamically linked busybox (Debian's `busybox` package) would not run in
    an image that holds no libc, so we need the one from `busybox-static`.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(64)
            if head[:4] != b"\x7fELF":
                return False
            is64 = head[4] == 2
            endian = "<" if head[5] == 1 else ">"
            if is64:
                phoff, = struct.unpack_from(endian + "Q", head, 32)
                phentsize, phnum = struct.unpack_from(endian + "HH", head, 54)
            else:
                phoff, = struct.unpack_from(endian + "I", head, 28)
                phentsize, phnum = struct.unpack_from(endian + "HH", head, 42)
            f.seek(phoff)
            table = f.read(phentsize * phnum)
    except OSError:
        return False
    for i in range(phnum):
        p_type, = struct.unpack_from(endian + "I", table, i * phentsize)
        if p_type == 3:  # PT_INTERP
            return False
    return True


def static_busybox() -> str | None:
    for candidate in (which("busybox"), "/bin/busybox", "/usr/bin/busybox"):
        if candidate and os.path.isfile(candidate) and is_static_elf(candidate):
            return os.path.realpath(candidate)
    return None


def missing_packages() -> dict:
    """Map of Debian package -> list of what it would provide."""
    missing: dict = {}
    for binary, package in _BINARIES.items():
        if not which(binary):
            missing.setdefault(package, []).append(binary)
    for plugin in CNI_PLUGINS:
        if not os.access(os.path.join(CNI_BIN_DIR, plugin), os.X_OK):
            missing.setdefault("containernetworking-plugins", []).append(
                os.path.join(CNI_BIN_DIR, plugin))
    if not static_busybox():
        missing.setdefault("busybox-static", []).append("a static busybox")
    return missing


def _describe(missing: dict) -> str:
    return ", ".join(sorted({w for what in missing.values() for w in what}))


def ensure_packages(log=print) -> None:
    missing = missing_packages()
    if not missing:
        return
    wanted = sorted(missing)
    hint = "apt-get install -y --no-install-recommends " + " ".join(wanted)
    if os.geteuid() != 0:
        raise TestbedError("missing %s; run as root, or install with: %s"
                           % (_describe(missing), hint))
    apt = which("apt-get")
    if not apt:
        raise TestbedError("missing %s and apt-get is not available; install "
                           "the equivalent of: %s" % (_describe(missing), hint))
    log("testbed: installing %s" % " ".join(wanted))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive",
               PATH=search_path())
    with _services_held_back():
        for argv in ([apt, "update"],
                     [apt, "install", "-y", "--no-install-recommends"] + wanted):
            proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
            if proc.returncode != 0:
                tail = proc.stdout.decode(errors="replace").splitlines()[-15:]
                raise TestbedError("%s failed (exit %d):\n%s" % (
                    " ".join(argv), proc.returncode, "\n".join(tail)))
    still = missing_packages()
    if still:
        raise TestbedError("still missing after apt-get install: %s"
                           % _describe(still))


UNIT_LINKS_DIR = "/etc/systemd/system"


def unit_links(root: str = UNIT_LINKS_DIR) -> set:
    """The symlinks below /etc/systemd/system: what makes a unit enabled."""
    found = set()
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            if os.path.islink(path):
                found.add(path)
    return found


def disable_new_units(before: set, root: str = UNIT_LINKS_DIR, helper=None) -> list:
    """Disable the units an installation enabled: the symlinks not in `before`.

    deb-systemd-helper disable also records that the unit was disabled, so an
    upgrade of the package does not enable it again; whatever link is left is
    removed. Returns the links removed.
    """
    new = sorted(unit_links(root) - before)
    units = sorted({os.path.basename(path) for path in new})
    helper = helper if helper is not None else which("deb-systemd-helper")
    if helper and units and root == UNIT_LINKS_DIR:
        subprocess.run([helper, "disable"] + units, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for path in new:
        if os.path.islink(path):
            os.unlink(path)
    return new


class _services_held_back:
    """Install packages for their programs only: start no service, enable none.

    The containerd, docker-registry and docker.io packages would otherwise
    start a system containerd, a registry bound to :5000 and a dockerd on
    machines that run systemd, and enable their units for every boot (after
    which `dockercri doctor` rightly warns that Docker is still enabled, and a
    system containerd answers where none did). Debian's policy-rc.d hook (exit
    101 = "action forbidden") is honoured by invoke-rc.d and
    deb-systemd-invoke; an existing policy-rc.d is left as it is. The unit
    links the installation made are removed again afterwards.
    """

    path = "/usr/sbin/policy-rc.d"

    def __enter__(self):
        self.created = False
        self.links_before = unit_links()
        if os.path.lexists(self.path):
            return self
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(self.path))
        with os.fdopen(fd, "w") as f:
            f.write("#!/bin/sh\nexit 101\n")
        os.chmod(tmp, 0o755)
        os.rename(tmp, self.path)
        self.created = True
        return self

    def __exit__(self, *exc):
        disable_new_units(self.links_before)
        if self.created:
            try:
                os.unlink(self.path)
            except OSError:
                pass
        return False
