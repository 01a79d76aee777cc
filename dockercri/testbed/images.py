"""Build small images offline, as docker-archive tars.

Nothing can be pulled from the internet here, so the images are made from the
host's static busybox with tarfile, json and hashlib. Every mtime, owner and
entry order is fixed so that the same busybox binary always gives the same
layer digest and image id: a rebuilt image is recognised as already pushed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import subprocess
import tarfile

# 2023-01-01T00:00:00Z: any fixed instant makes the tars reproducible.
EPOCH = 1672531200
CREATED = "2023-01-01T00:00:00Z"

PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Applets tests rely on; checked so that a trimmed busybox fails loudly here
# rather than later inside a container.
REQUIRED_APPLETS = (
    "sh", "ls", "sleep", "echo", "cat", "env", "id", "hostname", "httpd",
    "true", "false", "printf", "seq", "yes", "head", "tail", "wc", "top", "ps",
    "nc", "wget", "date", "kill", "dd", "mkdir", "rm", "touch",
)

PASSWD = (
    "root:x:0:0:root:/root:/bin/sh\n"
    "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
    "nobody:x:65534:65534:nobody:/home:/bin/false\n"
)
GROUP = (
    "root:x:0:\n"
    "daemon:x:1:\n"
    "nobody:x:65534:\n"
)

# name -> (repository, tags, image config "config" section)
IMAGES = {
    "busybox": ("library/busybox", ("1.35", "latest"), {
        "Env": [PATH_ENV],
        "Cmd": ["sh"],
    }),
    "pause": ("library/pause", ("3.9",), {
        "Env": [PATH_ENV],
        "Entrypoint": ["/bin/sleep"],
        "Cmd": ["2147483647"],
    }),
    # Entrypoint plus Cmd, a working dir, an extra variable and a label: the
    # image for tests of how run arguments combine with image defaults.
    "echo": ("library/echo", ("1.0",), {
        "Env": [PATH_ENV, "GREETING=hello"],
        "Entrypoint": ["/bin/echo"],
        "Cmd": ["hello"],
        "WorkingDir": "/tmp",
        "Labels": {"org.dockercri.testbed.image": "echo"},
    }),
}


def go_arch() -> str:
    machine = platform.machine().lower()
    return {
        "x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64",
        "arm64": "arm64", "armv7l": "arm", "armv6l": "arm", "i686": "386",
        "i386": "386", "ppc64le": "ppc64le", "s390x": "s390x",
        "riscv64": "riscv64",
    }.get(machine, machine)


def _info(name: str, kind: bytes, mode: int, size: int = 0,
          linkname: str = "") -> tarfile.TarInfo:
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.mode = mode
    ti.size = size
    ti.linkname = linkname
    ti.mtime = EPOCH
    ti.uid = ti.gid = 0
    ti.uname = ti.gname = "root"
    return ti


def busybox_applets(busybox: str) -> list:
    out = subprocess.run([busybox, "--list"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, check=True).stdout
    applets = sorted({a for a in out.decode().split() if a and "/" not in a})
    lacking = [a for a in REQUIRED_APPLETS if a not in applets]
    if lacking:
        raise RuntimeError("%s lacks applets: %s" % (busybox, " ".join(lacking)))
    return applets


def layer_tar(busybox: str) -> bytes:
    """The single layer shared by every testbed image."""
    with open(busybox, "rb") as f:
        binary = f.read()
    entries = []  # (name, TarInfo, data)
    for d, mode in (("bin", 0o755), ("dev", 0o755), ("etc", 0o755),
                    ("home", 0o755), ("proc", 0o555), ("root", 0o700),
                    ("sys", 0o555), ("tmp", 0o1777), ("usr", 0o755),
                    ("usr/bin", 0o755), ("usr/sbin", 0o755), ("var", 0o755),
                    ("var/spool", 0o755), ("var/www", 0o755)):
        entries.append((d, _info(d, tarfile.DIRTYPE, mode), None))
    entries.append(("bin/busybox", _info("bin/busybox", tarfile.REGTYPE,
                                         0o755, len(binary)), binary))
    # Like the official busybox image, every applet is in /bin.
    for applet in busybox_applets(busybox):
        if applet == "busybox":
            continue
        name = "bin/" + applet
        entries.append((name, _info(name, tarfile.SYMTYPE, 0o777,
                                    linkname="busybox"), None))
    for name, text in (("etc/passwd", PASSWD), ("etc/group", GROUP)):
        data = text.encode()
        entries.append((name, _info(name, tarfile.REGTYPE, 0o644, len(data)),
                        data))
    entries.sort(key=lambda e: e[0])
    return _tar(entries)


def _tar(entries: list) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for _, info, data in entries:
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def _json(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def image_config(config: dict, diff_id: str) -> bytes:
    return _json({
        "architecture": go_arch(),
        "os": "linux",
        "created": CREATED,
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": CREATED,
                     "created_by": "dockercri testbed: busybox and applets"}],
    })


def docker_archive(layer: bytes, config: bytes, repo_tags: list) -> bytes:
    """A tar as `docker save` writes it: manifest.json, config, layer."""
    layer_hex = hashlib.sha256(layer).hexdigest()
    config_hex = hashlib.sha256(config).hexdigest()
    manifest = _json([{
        "Config": config_hex + ".json",
        "RepoTags": repo_tags,
        "Layers": [layer_hex + "/layer.tar"],
    }])
    entries = [
        (layer_hex, _info(layer_hex, tarfile.DIRTYPE, 0o755), None),
        (layer_hex + "/VERSION",
         _info(layer_hex + "/VERSION", tarfile.REGTYPE, 0o644, 3), b"1.0"),
        (layer_hex + "/layer.tar",
         _info(layer_hex + "/layer.tar", tarfile.REGTYPE, 0o644, len(layer)),
         layer),
        (config_hex + ".json",
         _info(config_hex + ".json", tarfile.REGTYPE, 0o644, len(config)),
         config),
        ("manifest.json",
         _info("manifest.json", tarfile.REGTYPE, 0o644, len(manifest)),
         manifest),
    ]
    entries.sort(key=lambda e: e[0])
    return _tar(entries)


class BuiltImage:
    def __init__(self, name: str, repository: str, tags: tuple, path: str,
                 config_digest: str):
        self.name = name
        self.repository = repository
        self.tags = tags
        self.path = path
        # sha256:... of the config: the image id docker and CRI report.
        self.config_digest = config_digest


def build_all(busybox: str, out_dir: str, registry: str) -> dict:
    """Write one docker-archive per image into `out_dir` (only if changed)."""
    layer = layer_tar(busybox)
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    built = {}
    for name, (repository, tags, config) in IMAGES.items():
        cfg = image_config(config, diff_id)
        repo_tags = ["%s/%s:%s" % (registry, repository, t) for t in tags]
        data = docker_archive(layer, cfg, repo_tags)
        path = os.path.join(out_dir, name + ".tar")
        if not _same_content(path, data):
            tmp = path + ".tmp"
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, path)
        built[name] = BuiltImage(name, repository, tags, path,
                                 "sha256:" + hashlib.sha256(cfg).hexdigest())
    return built


def _same_content(path: str, data: bytes) -> bool:
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as f:
            return f.read() == data
    except OSError:
        return False


def references(registry: str) -> dict:
    """Name -> reference of every image the testbed serves."""
    refs = {}
    for name, (repository, tags, _) in IMAGES.items():
        refs[name] = "%s/%s:%s" % (registry, repository, tags[0])
        for tag in tags[1:]:
            refs["%s:%s" % (name, tag)] = "%s/%s:%s" % (registry, repository,
                                                         tag)
    return refs


def typed_names(registry: str) -> list:
    """(the name people type, the reference in the local registry) of every tag served.

    Short names mean docker.io, which the testbed's containerd resolves through its
    mirror of the local registry (containerd.docker_hub_mirror_toml).
    """
    rows = []
    for repository, tags, _ in IMAGES.values():
        short = repository[len("library/"):] if repository.startswith("library/") \
            else repository
        for tag in sorted(tags, key=lambda t: t != "latest"):
            rows.append((short if tag == "latest" else "%s:%s" % (short, tag),
                         "%s/%s:%s" % (registry, repository, tag)))
    return rows
