"""A Docker Distribution registry on 127.0.0.1, the testbed's image source.

containerd pulls from it over plain HTTP (see containerd.py, certs.d), so pull
tests exercise the real PullImage path without the internet.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request

from . import procs
from .errors import TestbedError
from .packages import search_path, which

MANIFEST_TYPES = ", ".join((
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.index.v1+json",
))


def config_text(storage: str, port: int) -> str:
    # No auth and no debug listener: the registry only ever listens on
    # loopback, and a debug port would be one more port to collide on.
    return (
        "version: 0.1\n"
        "log:\n"
        "  level: warn\n"
        "  accesslog:\n"
        "    disabled: true\n"
        "storage:\n"
        "  filesystem:\n"
        "    rootdirectory: %s\n"
        "  delete:\n"
        "    enabled: true\n"
        "http:\n"
        "  addr: 127.0.0.1:%d\n"
        "  headers:\n"
        "    X-Content-Type-Options: [nosniff]\n" % (storage, port)
    )


class Registry:
    def __init__(self, layout, port: int):
        self.layout = layout
        self.port = port
        self.host = "127.0.0.1:%d" % port
        self.base = "http://%s" % self.host

    # -- process --------------------------------------------------------
    def pid(self) -> int | None:
        return procs.read_pid(self.layout.registry_pid,
                              self.layout.registry_config)

    def healthy(self) -> bool:
        return self.pid() is not None and self._answers()

    def _answers(self) -> bool:
        try:
            return self._get("/v2/", timeout=2)[0] == 200
        except OSError:
            return False

    def start(self, timeout: float = 20.0) -> None:
        binary = which("docker-registry")
        if not binary:
            raise TestbedError("docker-registry is not installed")
        if _port_taken(self.port):
            raise TestbedError(
                "127.0.0.1:%d is already in use by another program; choose "
                "another --registry-port" % self.port)
        pid = procs.spawn([binary, "serve", self.layout.registry_config],
                          self.layout.registry_log, self.layout.registry_pid,
                          cwd=self.layout.dir)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # By pid, not pid(): until exec the child's command line is ours.
            if not procs.alive(pid):
                break
            if self._answers():
                return
            time.sleep(0.05)
        raise TestbedError("registry did not start on %s; last lines of %s:\n%s"
                           % (self.host, self.layout.registry_log,
                              tail(self.layout.registry_log)))

    def stop(self) -> None:
        pid = self.pid()
        pids = [pid] if pid is not None else procs.find(
            "docker-registry", self.layout.registry_config)
        for pid in pids:
            procs.terminate(pid, timeout=5.0)

    # -- content --------------------------------------------------------
    def _get(self, path: str, accept: str | None = None, timeout: float = 10):
        req = urllib.request.Request(self.base + path)
        if accept:
            req.add_header("Accept", accept)
        try:
            with _opener.open(req, timeout=timeout) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read()

    def catalog(self) -> list:
        status, _, body = self._get("/v2/_catalog")
        if status != 200:
            return []
        return json.loads(body).get("repositories") or []

    def manifest(self, repository: str, tag: str):
        """(media type, raw bytes) of a tag's manifest, or None."""
        status, headers, body = self._get(
            "/v2/%s/manifests/%s" % (repository, tag), accept=MANIFEST_TYPES)
        if status != 200:
            return None
        return headers.get("Content-Type", ""), body

    def config_digest(self, repository: str, tag: str) -> str | None:
        found = self.manifest(repository, tag)
        if not found:
            return None
        try:
            return json.loads(found[1])["config"]["digest"]
        except (ValueError, KeyError, TypeError):
            return None

    def push(self, image) -> None:
        """Push a built image under all its tags unless already there."""
        first = image.tags[0]
        if self.config_digest(image.repository, first) != image.config_digest:
            dest = "docker://%s/%s:%s" % (self.host, image.repository, first)
            # --insecure-policy: skopeo would otherwise need
            # /etc/containers/policy.json, which a minimal machine may lack.
            argv = [which("skopeo") or "skopeo", "--insecure-policy", "copy",
                    "--quiet", "--dest-tls-verify=false",
                    "docker-archive:" + image.path, dest]
            proc = subprocess.run(argv, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT,
                                  env={"PATH": search_path(),
                                       "TMPDIR": self.layout.images,
                                       "HOME": self.layout.dir})
            if proc.returncode != 0:
                raise TestbedError("skopeo copy to %s failed: %s" % (
                    dest, proc.stdout.decode(errors="replace").strip()))
        # Further tags point at the same manifest: re-putting its bytes is
        # cheaper than another skopeo run.
        for tag in image.tags[1:]:
            if self.config_digest(image.repository, tag) == image.config_digest:
                continue
            media_type, body = self.manifest(image.repository, first)
            req = urllib.request.Request(
                "%s/v2/%s/manifests/%s" % (self.base, image.repository, tag),
                data=body, method="PUT", headers={"Content-Type": media_type})
            with _opener.open(req, timeout=10) as resp:
                if resp.status not in (200, 201):
                    raise TestbedError("tagging %s:%s failed: HTTP %d" % (
                        image.repository, tag, resp.status))


# A proxy from the environment must never be used for loopback requests.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def tail(path: str, lines: int = 20) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - 16384))
            text = f.read().decode(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])
