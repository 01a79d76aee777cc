"""The Testbed: bring a private containerd and registry up, and down again."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import time

from . import images as images_mod
from . import mounts, network, procs
from .containerd import (DOCKER_HUB, Containerd, docker_hub_mirror_toml,
                         hosts_toml, render_config)
from .errors import TestbedError
from .layout import DEFAULT_REGISTRY_PORT, Layout
from .packages import ensure_packages, static_busybox
from .registry import Registry, config_text

# containerd 1.6 puts shim sockets in /run/containerd/s whatever its `state`
# is; the folder is removed again on `down` if the testbed created it.
SHIM_SOCKET_DIR = "/run/containerd/s"


class Testbed:
    """A CRI runtime (containerd) and an image registry private to one folder.

    `up()` is idempotent: when both are already running and healthy it only
    checks them. `down()` stops what `up()` started and nothing else.
    """

    __test__ = False  # not a pytest test class despite the name

    def __init__(self, directory: str | None = None,
                 registry_port: int | None = None, log=None):
        self.layout = Layout(directory)
        self.directory = self.layout.dir
        self._log = log or (lambda message: None)
        saved = self._load_state()
        self.registry_port = int(registry_port or saved.get("registry_port")
                                 or DEFAULT_REGISTRY_PORT)
        self.containerd = Containerd(self.layout)
        self.registry_server = Registry(self.layout, self.registry_port)
        self.timings: dict = {}

    # -- what clients need -----------------------------------------------
    @property
    def endpoint(self) -> str:
        return "unix://" + self.layout.socket

    @property
    def registry(self) -> str:
        return "127.0.0.1:%d" % self.registry_port

    @property
    def images(self) -> dict:
        return images_mod.references(self.registry)

    def env(self) -> dict:
        return {
            "CONTAINER_RUNTIME_ENDPOINT": self.endpoint,
            "IMAGE_SERVICE_ENDPOINT": self.endpoint,
            "DOCKERCRI_TESTBED_REGISTRY": self.registry,
        }

    def shell_env(self) -> str:
        return "".join("export %s=%s\n" % kv for kv in self.env().items())

    # -- up ---------------------------------------------------------------
    def up(self) -> "Testbed":
        started = time.monotonic()
        if not sys.platform.startswith("linux"):
            raise TestbedError("the testbed runs on Linux only")
        self.layout.check()
        ensure_packages(self._log)
        if os.geteuid() != 0:
            raise TestbedError("the testbed must run as root (containerd "
                               "mounts filesystems and sets up networking)")
        os.makedirs(self.directory, exist_ok=True)
        with self._locked():
            self.layout.make_dirs()
            state = self._load_state()
            self._up_registry()
            built = self._push_images()
            self._up_containerd(state, built)
            state["registry_port"] = self.registry_port
            self._save_state(state)
        self.timings["up"] = time.monotonic() - started
        return self

    def _up_registry(self) -> None:
        reg = self.registry_server
        if _write_if_changed(self.layout.registry_config,
                             config_text(self.layout.registry_storage,
                                         self.registry_port)):
            reg.stop()  # running with an outdated configuration
        if not reg.healthy():
            reg.stop()
            self._log("testbed: starting registry on %s" % self.registry)
            reg.start()

    def _push_images(self) -> dict:
        busybox = static_busybox()
        if not busybox:
            raise TestbedError("no static busybox found (package busybox-static)")
        built = images_mod.build_all(busybox, self.layout.images, self.registry)
        for image in built.values():
            self.registry_server.push(image)
        return built

    def _up_containerd(self, state: dict, built: dict) -> None:
        cd = self.containerd
        if not network.overlay_supported() or \
                not os.path.isdir("/proc/sys/net/bridge"):
            network.load_kernel_modules()
        # overlayfs is what real nodes use; "native" (plain copies) is the
        # fallback for kernels or filesystems without overlay.
        snapshotter = "overlayfs" if network.overlay_supported() else "native"
        network.ensure_masquerade()
        pause = self.images["pause"]
        changed = False
        for path, text in (
                (self.layout.containerd_config,
                 render_config(self.layout, pause, snapshotter)),
                (os.path.join(self.layout.cni_conf_dir, network.CONFLIST_NAME),
                 network.conflist(self.layout.cni_data)),
                (os.path.join(self.layout.certs_dir, self.registry,
                              "hosts.toml"),
                 hosts_toml(self.registry))):
            changed |= _write_if_changed(path, text)
        # containerd reads certs.d at every pull: a new mirror needs no
        # restart (which would stop every running container).
        _write_if_changed(os.path.join(self.layout.certs_dir, DOCKER_HUB,
                                       "hosts.toml"),
                          docker_hub_mirror_toml(self.registry))
        # Only our conflist may be in the folder (containerd loads the first
        # one), and only the current registry and the mirror in certs.d.
        for name in os.listdir(self.layout.cni_conf_dir):
            if name != network.CONFLIST_NAME:
                os.unlink(os.path.join(self.layout.cni_conf_dir, name))
        for name in os.listdir(self.layout.certs_dir):
            if name not in (self.registry, DOCKER_HUB):
                shutil.rmtree(os.path.join(self.layout.certs_dir, name),
                              ignore_errors=True)
        if changed and cd.pid() is not None:
            self._log("testbed: configuration changed, restarting containerd")
            self._stop_containerd()
        if not cd.healthy():
            self._stop_containerd()
            if "run_containerd_existed" not in state:
                state["run_containerd_existed"] = os.path.exists(
                    os.path.dirname(SHIM_SOCKET_DIR))
            self._log("testbed: starting containerd at %s" % self.endpoint)
            t = time.monotonic()
            cd.start()
            self.timings["containerd_start"] = time.monotonic() - t
        # The sandbox image is imported so that no pod ever waits for a pull.
        wanted = built["pause"].config_digest
        if state.get("pause_imported") != wanted or not cd.has_image(pause):
            cd.import_image(built["pause"].path, snapshotter)
            state["pause_imported"] = wanted

    # -- down -------------------------------------------------------------
    def down(self, purge: bool = False) -> None:
        if not os.path.isdir(self.directory):
            return
        with self._locked():
            state = self._load_state()
            self._stop_containerd()
            self.registry_server.stop()
            left = mounts.unmount_all(self.directory)
            network.cleanup(self.layout.cni_data)
            if left:
                raise TestbedError("could not unmount: %s" % ", ".join(left))
            # Sockets, pid files and containerd's runtime state are only
            # meaningful while it runs, like /run after a reboot.
            for path in (self.layout.state, self.layout.run):
                shutil.rmtree(path, ignore_errors=True)
            if state.pop("run_containerd_existed", True) is False:
                for path in (SHIM_SOCKET_DIR, os.path.dirname(SHIM_SOCKET_DIR)):
                    with contextlib.suppress(OSError):
                        os.rmdir(path)  # only if empty
            self._save_state(state)
        if purge:
            if mounts.mounts_under(self.directory):
                raise TestbedError("mounts remain under %s" % self.directory)
            shutil.rmtree(self.directory, ignore_errors=True)

    def _stop_containerd(self) -> None:
        self.containerd.stop()
        mounts.unmount_all(self.layout.state)

    # -- status -----------------------------------------------------------
    def status(self) -> dict:
        cd_pid = self.containerd.pid()
        reg_pid = self.registry_server.pid()
        cd_ok = cd_pid is not None and self.containerd.cri_ready()
        reg_ok = reg_pid is not None and self.registry_server.healthy()
        return {
            "directory": self.directory,
            "endpoint": self.endpoint,
            "registry": self.registry,
            "containerd": {"pid": cd_pid, "healthy": cd_ok},
            "registry_server": {"pid": reg_pid, "healthy": reg_ok},
            "shims": len(procs.shims_of(self.layout.socket)),
            "images": self.images,
            "healthy": cd_ok and reg_ok,
        }

    # -- internals --------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self):
        # Parallel test workers may all call up(); one of them does the work.
        fd = os.open(self.layout.lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _load_state(self) -> dict:
        try:
            with open(self.layout.state_file) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def _save_state(self, state: dict) -> None:
        _write_if_changed(self.layout.state_file,
                          json.dumps(state, indent=2, sort_keys=True) + "\n")


def _write_if_changed(path: str, text: str) -> bool:
    try:
        with open(path) as f:
            if f.read() == text:
                return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)
    return True
