"""A registry that demands credentials, and small images of our own to push into registries.

`AuthRegistry` runs a second Docker Distribution registry (`docker-registry serve`)
on a free 127.0.0.1 port with htpasswd (bcrypt) authentication, and tells the
testbed's containerd to reach it over plain HTTP with a `hosts.toml` in its
certs.d folder (removed again by `stop`).

`build_image` makes a docker-archive from the testbed's busybox layer with a
config of its own (a label), so its image id differs from every testbed image:
removing it can never remove busybox.
"""

import hashlib
import io
import json
import os
import secrets
import shutil
import socket
import subprocess
import tarfile
import time
import urllib.error
import urllib.request

from dockercri.testbed import images as testbed_images
from dockercri.testbed.containerd import hosts_toml
from dockercri.testbed.packages import search_path, which

MANIFEST_TYPES = ", ".join((
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
))
_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class FixtureError(Exception):
    pass


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bcrypt_hash(password):
    """An htpasswd bcrypt hash: the bcrypt module, else the C library's crypt, else
    `htpasswd -nbB`; None when none of them is there."""
    try:
        import bcrypt
        return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=10)).decode()
    except ImportError:
        pass
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import crypt
        if crypt.METHOD_BLOWFISH in crypt.methods:
            return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH))
    except ImportError:
        pass
    htpasswd = shutil.which("htpasswd")
    if htpasswd:
        out = subprocess.run([htpasswd, "-nbB", "u", password], stdout=subprocess.PIPE,
                             check=True).stdout.decode().strip()
        return out.split(":", 1)[1]
    return None


# -- images ---------------------------------------------------------------------
def _busybox_layer(testbed):
    path = os.path.join(testbed.layout.images, "busybox.tar")
    with tarfile.open(path) as archive:
        for member in archive.getmembers():
            if member.name.endswith("/layer.tar"):
                return archive.extractfile(member).read()
    raise FixtureError("no layer in %s" % path)


def build_image(testbed, directory, label):
    """A docker-archive with busybox's layer and a config labelled `label`;
    returns (path, image id)."""
    layer = _busybox_layer(testbed)
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    config = testbed_images.image_config({
        "Env": [testbed_images.PATH_ENV], "Cmd": ["sh"],
        "Labels": {"org.dockercri.test.image": label}}, diff_id)
    data = testbed_images.docker_archive(layer, config, [])
    path = os.path.join(directory, "%s.tar" % label)
    with open(path, "wb") as handle:
        handle.write(data)
    return path, "sha256:" + hashlib.sha256(config).hexdigest()


def skopeo_copy(source, dest, directory, dest_creds=None, src_creds=None):
    argv = [which("skopeo") or "skopeo", "--insecure-policy", "copy", "--quiet",
            "--src-tls-verify=false", "--dest-tls-verify=false"]
    if source.startswith("docker-archive:"):
        argv.remove("--src-tls-verify=false")
    if dest_creds:
        argv += ["--dest-creds", dest_creds]
    if src_creds:
        argv += ["--src-creds", src_creds]
    argv += [source, dest]
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=120,
                          env={"PATH": search_path(), "TMPDIR": directory, "HOME": directory})
    if proc.returncode != 0:
        raise FixtureError("skopeo copy %s failed: %s" % (
            dest, proc.stdout.decode(errors="replace").strip()))


def manifest_digest(host, repository, tag, headers=None):
    request = urllib.request.Request("http://%s/v2/%s/manifests/%s" % (host, repository, tag),
                                     method="HEAD", headers=dict(headers or {}))
    request.add_header("Accept", MANIFEST_TYPES)
    with _LOOPBACK.open(request, timeout=10) as response:
        return response.headers["Docker-Content-Digest"]


# -- the registry ---------------------------------------------------------------
class AuthRegistry:
    def __init__(self, testbed, directory, user="dcri-user"):
        self.testbed = testbed
        self.directory = directory
        self.user = user
        # Letters only, and unlike anything the tests print, so a grep for it is exact.
        self.password = "pw" + secrets.token_hex(12)
        self.port = None
        self.process = None
        self.hosts_dir = None

    @property
    def host(self):
        return "127.0.0.1:%d" % self.port

    @property
    def creds(self):
        return "%s:%s" % (self.user, self.password)

    def start(self):
        binary = which("docker-registry")
        if not binary:
            raise FixtureError("docker-registry is not installed")
        hashed = bcrypt_hash(self.password)
        if hashed is None:
            raise FixtureError("no bcrypt: pip install bcrypt (the test extra)")
        os.makedirs(self.directory, exist_ok=True)
        htpasswd = os.path.join(self.directory, "htpasswd")
        with open(htpasswd, "w") as handle:
            handle.write("%s:%s\n" % (self.user, hashed))
        storage = os.path.join(self.directory, "storage")
        os.makedirs(storage, exist_ok=True)
        last = None
        for _ in range(5):
            self.port = free_port()
            config = os.path.join(self.directory, "config.yml")
            with open(config, "w") as handle:
                handle.write(
                    "version: 0.1\n"
                    "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
                    "storage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\n"
                    "http:\n  addr: %s\n"
                    "auth:\n  htpasswd:\n    realm: dockercri-test\n    path: %s\n"
                    % (storage, self.host, htpasswd))
            log = open(os.path.join(self.directory, "registry.log"), "ab")
            self.process = subprocess.Popen([binary, "serve", config], stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=log, cwd=self.directory,
                                            start_new_session=True)
            log.close()
            if self._wait_ready():
                break
            last = self._log_tail()
            self._terminate()
        else:
            raise FixtureError("registry did not start: %s" % last)
        self.hosts_dir = os.path.join(self.testbed.layout.certs_dir, self.host)
        os.makedirs(self.hosts_dir, exist_ok=True)
        with open(os.path.join(self.hosts_dir, "hosts.toml"), "w") as handle:
            handle.write(hosts_toml(self.host))
        return self

    def _wait_ready(self, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                _LOOPBACK.open("http://%s/v2/" % self.host, timeout=1).close()
                return True  # would mean no auth, still an answer
            except urllib.error.HTTPError as error:
                if error.code == 401:
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def _log_tail(self):
        try:
            with open(os.path.join(self.directory, "registry.log"), "rb") as handle:
                return handle.read()[-2000:].decode(errors="replace")
        except OSError:
            return ""

    def push(self, archive, repository, tag):
        skopeo_copy("docker-archive:" + archive, "docker://%s/%s:%s" % (self.host, repository, tag),
                    self.directory, dest_creds=self.creds)
        return "%s/%s:%s" % (self.host, repository, tag)

    def _terminate(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def stop(self):
        self._terminate()
        if self.hosts_dir:
            shutil.rmtree(self.hosts_dir, ignore_errors=True)
            self.hosts_dir = None


class _Text(io.StringIO):
    def isatty(self):
        return False


def run_with_stdin(argv, environ, stdin=""):
    """tests.conftest.run_cli with a stdin: --password-stdin and prune's prompt read it."""
    from dockercri.cli.main import raw_main
    from dockercri.env import Environment
    from tests.conftest import Result

    out, err = _Text(), _Text()
    env = Environment(stdout=out, stderr=err, stdin=_Text(stdin), environ=dict(environ),
                      prog="docker")
    code = raw_main(list(argv), env)
    return Result(code, out.getvalue(), err.getvalue())


def read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


__all__ = ["AuthRegistry", "FixtureError", "build_image", "bcrypt_hash", "free_port",
           "manifest_digest", "read_json", "run_with_stdin", "skopeo_copy"]
