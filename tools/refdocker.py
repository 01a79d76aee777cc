#!/usr/bin/env python3
"""A private reference Docker engine: Debian's docker.io (dockerd 20.10).

    python3 tools/refdocker.py start [--root DIR]   # prints shell exports
    python3 tools/refdocker.py stop  [--root DIR]
    python3 tools/refdocker.py status|env [--root DIR]

    from tools.refdocker import RefDocker
    ref = RefDocker("/var/tmp/refdocker")
    ref.start()                  # installs docker.io when missing (as root; no unit
                                 # of it is started or left enabled for boot)
    ref.docker("ps", "-a")       # /usr/bin/docker against the private socket
    ref.stop()                   # removes its containers, stops dockerd

Everything lives below one folder: data, exec root, socket, pid files, logs,
the client configuration. dockerd listens only on ROOT/docker.sock, keeps its
daemon.json and trust key in ROOT, and creates no bridge and no iptables rules. It starts
its own managed containerd below ROOT/exec; when a system containerd answers
at /run/containerd/containerd.sock (which dockerd would otherwise attach to),
a containerd of our own is started below ROOT/containerd instead. A running
engine is reused; `stop` stops only what `start` started (recorded in
ROOT/refdocker.json).

The client is /usr/bin/docker: another `docker` (this project's command line,
or a newer client in /usr/local/bin) may come first in PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from dockercri.testbed import mounts, procs  # noqa: E402
from dockercri.testbed.packages import (  # noqa: E402
    _services_held_back, search_path, which)

DEFAULT_ROOT = "/var/tmp/refdocker"
DOCKER = "/usr/bin/docker"
SYSTEM_CONTAINERD = "/run/containerd/containerd.sock"
PACKAGE = "docker.io"


class RefDockerError(Exception):
    pass


class RefDocker:
    def __init__(self, root: str | None = None, docker: str | None = None,
                 dockerd: str | None = None, log=None):
        self.root = os.path.abspath(root or os.environ.get("REF_ROOT")
                                    or DEFAULT_ROOT)
        self.docker_bin = docker or os.environ.get("DOCKER") or DOCKER
        self.dockerd_bin = dockerd or os.environ.get("DOCKERD") or "dockerd"
        self._log = log or (lambda message: None)
        self.socket = os.path.join(self.root, "docker.sock")
        self.host = "unix://" + self.socket
        self.client_config = os.path.join(self.root, "client-config")
        self.data = os.path.join(self.root, "data")
        self.exec_root = os.path.join(self.root, "exec")
        self.pid_file = os.path.join(self.root, "docker.pid")
        self.log_file = os.path.join(self.root, "dockerd.log")
        self.daemon_json = os.path.join(self.root, "daemon.json")
        self.state_file = os.path.join(self.root, "refdocker.json")
        self.ctrd_dir = os.path.join(self.root, "containerd")
        self.ctrd_socket = os.path.join(self.ctrd_dir, "containerd.sock")
        self.ctrd_pid_file = os.path.join(self.ctrd_dir, "containerd.pid")
        self.ctrd_config = os.path.join(self.ctrd_dir, "config.toml")

    # -- what clients need -----------------------------------------------
    def env(self) -> dict:
        return {"DOCKER_HOST": self.host, "DOCKER_CONFIG": self.client_config}

    def docker(self, *argv, input: bytes | None = None, timeout: float = 120,
               env: dict | None = None) -> subprocess.CompletedProcess:
        """Run the reference client; stdout and stderr are captured as text."""
        full = dict(os.environ)
        full.update(self.env())
        full.update(env or {})
        return subprocess.run([self.docker_bin] + list(argv), env=full,
                              input=input,
                              stdin=None if input is not None else subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout)

    def answering(self) -> bool:
        if not os.path.exists(self.socket) or not os.access(self.docker_bin, os.X_OK):
            return False
        try:
            return self.docker("version", "--format", "{{.Server.Version}}",
                               timeout=20).returncode == 0
        except subprocess.TimeoutExpired:
            return False

    # -- installing --------------------------------------------------------
    def install(self) -> None:
        """Install Debian's docker.io when the client or dockerd is missing.

        A policy-rc.d that forbids service starts keeps the package from
        starting a system dockerd and containerd.
        """
        if os.access(self.docker_bin, os.X_OK) and which(self.dockerd_bin):
            return
        if os.geteuid() != 0:
            raise RefDockerError("%s is not installed; run as root, or: "
                                 "apt-get install -y %s" % (self.docker_bin, PACKAGE))
        apt = which("apt-get")
        if not apt:
            raise RefDockerError("%s is not installed and apt-get is not "
                                 "available" % self.docker_bin)
        self._log("refdocker: installing %s" % PACKAGE)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive", PATH=search_path())
        with _services_held_back():
            for argv in ([apt, "update"],
                         [apt, "install", "-y", "--no-install-recommends", PACKAGE]):
                proc = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                if proc.returncode != 0:
                    tail = proc.stdout.decode(errors="replace").splitlines()[-15:]
                    raise RefDockerError("%s failed (exit %d):\n%s" % (
                        " ".join(argv), proc.returncode, "\n".join(tail)))
        if not (os.access(self.docker_bin, os.X_OK) and which(self.dockerd_bin)):
            raise RefDockerError("%s still missing after installing %s"
                                 % (self.docker_bin, PACKAGE))

    # -- start ---------------------------------------------------------------
    def start(self, timeout: float = 60) -> bool:
        """Start dockerd unless one already answers; True if this call started it."""
        if self.answering():
            self._log("refdocker: using the engine already running at %s" % self.host)
            return False
        self.install()
        if os.geteuid() != 0:
            raise RefDockerError("dockerd must run as root")
        for path in (self.root, self.client_config, self.data, self.exec_root):
            os.makedirs(path, exist_ok=True)
        self.stop()  # leftovers of an engine that died
        with open(self.daemon_json, "w") as f:  # never /etc/docker/daemon.json
            # dockerd 20.10 would otherwise write its trust key to /etc/docker/key.json
            json.dump({"deprecated-key-path": os.path.join(self.root, "key.json")}, f)
        state = {}
        argv = [which(self.dockerd_bin) or self.dockerd_bin,
                "--config-file", self.daemon_json,
                "--data-root", self.data, "--exec-root", self.exec_root,
                "-H", self.host, "--pidfile", self.pid_file,
                "--bridge", "none", "--iptables=false", "--ip6tables=false",
                # lowering oom_score_adj may be refused in sandboxes
                "--oom-score-adjust=0"]
        if os.path.exists(SYSTEM_CONTAINERD):
            state["containerd_pid"] = self._start_containerd()
            argv += ["--containerd", self.ctrd_socket]
        self._log("refdocker: starting dockerd under %s" % self.root)
        env = dict(os.environ, PATH=search_path())
        env.pop("DOCKER_HOST", None)
        pid = procs.spawn(argv, self.log_file, self.pid_file + ".spawn", env=env)
        state["dockerd_pid"] = pid
        self._save_state(state)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answering():
                return True
            if not procs.alive(pid):
                break
            time.sleep(0.2)
        log_tail = _tail(self.log_file)
        self.stop()
        raise RefDockerError("dockerd did not come up; %s ends with:\n%s"
                             % (self.log_file, log_tail))

    def _start_containerd(self) -> int:
        binary = which("containerd")
        if not binary:
            raise RefDockerError("containerd is not installed")
        os.makedirs(self.ctrd_dir, exist_ok=True)
        with open(self.ctrd_config, "w") as f:
            f.write('version = 2\nroot = "%s"\nstate = "%s"\n'
                    'disabled_plugins = ["io.containerd.grpc.v1.cri"]\n'
                    '[grpc]\n  address = "%s"\n[ttrpc]\n  address = "%s.ttrpc"\n'
                    '[debug]\n  address = "%s"\n'
                    % (os.path.join(self.ctrd_dir, "root"),
                       os.path.join(self.ctrd_dir, "state"), self.ctrd_socket,
                       self.ctrd_socket, os.path.join(self.ctrd_dir, "debug.sock")))
        pid = procs.spawn([binary, "--config", self.ctrd_config],
                          os.path.join(self.root, "containerd.log"), self.ctrd_pid_file,
                          env=dict(os.environ, PATH=search_path()))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not os.path.exists(self.ctrd_socket):
            if not procs.alive(pid):
                raise RefDockerError("containerd exited; see %s/containerd.log" % self.root)
            time.sleep(0.1)
        return pid

    # -- stop ----------------------------------------------------------------
    def stop(self) -> None:
        """Remove every container, stop dockerd and the containerd it used."""
        state = self._load_state()
        dockerd = self._our_pid(state.get("dockerd_pid"), self.pid_file)
        if dockerd is not None and self.answering():
            ids = self.docker("ps", "-aq", timeout=60).stdout.decode().split()
            if ids:
                self.docker("rm", "-f", *ids, timeout=120)
        if dockerd is not None:
            self._log("refdocker: stopping dockerd (pid %d)" % dockerd)
            procs.terminate(dockerd, timeout=30)
        # The managed containerd leaves with dockerd; make sure of it, and of
        # ours, and of any shim either left behind.
        managed = os.path.join(self.exec_root, "containerd", "containerd.sock")
        for sock, pid_file, config in (
                (managed, os.path.join(self.exec_root, "containerd", "containerd.pid"),
                 os.path.join(self.exec_root, "containerd", "containerd.toml")),
                (self.ctrd_socket, self.ctrd_pid_file, self.ctrd_config)):
            pids = set(procs.shims_of(sock))
            pid = procs.read_pid(pid_file, config)
            if pid is not None:
                procs.terminate(pid, timeout=15)
            pids.update(p for p in procs.find("containerd", config))
            procs.kill_all(sorted(pids))
        left = mounts.unmount_all(self.root)
        if os.path.exists(self.state_file):
            os.unlink(self.state_file)
        if left:
            raise RefDockerError("could not unmount: %s" % ", ".join(left))

    def _our_pid(self, recorded, pid_file):
        # dockerd writes its own pid file; a recycled pid is never signalled
        # because the command line must name our root.
        for candidate in (procs.read_pid(pid_file, self.root),):
            if candidate is not None:
                return candidate
        if recorded and procs.alive(recorded) and any(
                self.root in a for a in procs.cmdline(recorded)):
            return recorded
        return None

    def status(self) -> dict:
        state = self._load_state()
        return {"root": self.root, "host": self.host,
                "dockerd_pid": self._our_pid(state.get("dockerd_pid"), self.pid_file),
                "own_containerd": bool(state.get("containerd_pid")),
                "answering": self.answering()}

    def _load_state(self) -> dict:
        try:
            with open(self.state_file) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def _save_state(self, state: dict) -> None:
        with open(self.state_file, "w") as f:
            json.dump(state, f)


def _tail(path: str, lines: int = 15) -> str:
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def shell_env(ref: RefDocker) -> str:
    return "".join("export %s=%s\n" % kv for kv in ref.env().items())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="tools/refdocker.py", description=(
        "A private reference dockerd (Debian docker.io) below one folder."))
    parser.add_argument("command", choices=("start", "stop", "status", "env"))
    parser.add_argument("--root", help="folder (default: $REF_ROOT or %s)" % DEFAULT_ROOT)
    args = parser.parse_args(argv)

    def log(message):
        print(message, file=sys.stderr, flush=True)

    ref = RefDocker(args.root, log=log)
    try:
        if args.command == "start":
            ref.start()
            sys.stdout.write(shell_env(ref))
        elif args.command == "stop":
            ref.stop()
        elif args.command == "env":
            sys.stdout.write(shell_env(ref))
        else:
            print(json.dumps(ref.status(), indent=2, sort_keys=True))
    except RefDockerError as e:
        log("refdocker: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
