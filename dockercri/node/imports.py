"""import: a root filesystem tarball made into a one-layer image, loaded with ctr.

CRI has no import call. The tarball becomes the layer of a docker-format archive (with
an image config carrying --change and --message) that containerd's ctr imports into the
runtime's store, where the runtime and pods see it."""

import bz2
import gzip
import hashlib
import io
import json
import lzma
import platform
import shlex
import tarfile
import tempfile
import time

from dockercri.errors import DockerCLIError

DECOMPRESS = ((b"\x1f\x8b", gzip.decompress), (b"BZh", bz2.decompress),
              (b"\xfd7zXZ\x00", lzma.decompress))
CHANGES = ("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "STOPSIGNAL", "USER",
           "VOLUME", "WORKDIR")


def _daemon(text):
    return DockerCLIError("Error response from daemon: " + text, exit_code=1)


def _words(value):
    """An instruction's argument: a JSON array, or the shell form."""
    if value.startswith("["):
        try:
            found = json.loads(value)
        except ValueError:
            found = None
        if isinstance(found, list) and all(isinstance(item, str) for item in found):
            return found
    return ["/bin/sh", "-c", value]


def _pairs(value):
    """ENV/LABEL arguments: k=v pairs (quotes allowed), or the old `KEY value` form."""
    if "=" not in value.split(" ", 1)[0]:
        key, _, rest = value.partition(" ")
        return [(key, rest.strip())]
    return [tuple(word.split("=", 1)) for word in shlex.split(value)]


def apply_changes(changes):
    """docker import --change lines → the image config's `config` part."""
    config = {}
    for number, line in enumerate(changes, 1):
        instruction, _, value = line.strip().partition(" ")
        word = instruction.upper()
        value = value.strip()
        if word not in CHANGES:
            raise _daemon("dockerfile parse error line %d: unknown instruction: %s"
                          % (number, instruction.upper()))
        if word in ("CMD", "ENTRYPOINT"):
            config["Cmd" if word == "CMD" else "Entrypoint"] = _words(value)
        elif word == "ENV":
            env = config.setdefault("Env", [])
            for key, val in _pairs(value):
                env[:] = [item for item in env if not item.startswith(key + "=")]
                env.append("%s=%s" % (key, val))
        elif word == "LABEL":
            config.setdefault("Labels", {}).update(dict(_pairs(value)))
        elif word == "EXPOSE":
            for port in value.split():
                config.setdefault("ExposedPorts", {})[port if "/" in port else port + "/tcp"] = {}
        elif word == "VOLUME":
            for path in (_words(value) if value.startswith("[") else value.split()):
                config.setdefault("Volumes", {})[path] = {}
        elif word == "ONBUILD":
            config.setdefault("OnBuild", []).append(value)
        else:
            config[{"STOPSIGNAL": "StopSignal", "USER": "User", "WORKDIR": "WorkingDir"}[word]] = value
    return config


def _layer(raw):
    for magic, decompress in DECOMPRESS:
        if raw.startswith(magic):
            raw = decompress(raw)
            break
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as archive:
            archive.getmembers()
    except tarfile.TarError as error:
        raise _daemon("archive/tar: %s" % error) from None
    return raw


def image_config(layer, changes, message, source):
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    created = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".%09dZ" % (time.time_ns() % 10**9)
    history = {"created": created, "comment": message or "Imported from %s" % source}
    return json.dumps({
        "architecture": arch, "os": "linux", "created": created,
        "config": apply_changes(changes), "docker_version": "", "comment": message or "",
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]},
        "history": [history]}, sort_keys=True, separators=(",", ":")).encode()


def import_rootfs(context, request):
    """The node step: read the tarball, make the archive, ctr import it; the image id."""
    from dockercri.node.ctr import run
    from dockercri.testbed.images import docker_archive

    source = request["source"]
    if source == "-":
        stdin = context.session.env.stdin
        raw = getattr(stdin, "buffer", stdin).read()
    else:
        try:
            with open(source, "rb") as handle:
                raw = handle.read()
        except OSError as error:
            raise DockerCLIError("open %s: %s" % (source, error.strerror.lower()), exit_code=1)
    layer = _layer(raw)
    config = image_config(layer, request["changes"], request["message"], source)
    with tempfile.NamedTemporaryFile(prefix="dockercri-import-", suffix=".tar") as archive:
        archive.write(docker_archive(layer, config, [request["repository"]]))
        archive.flush()
        run(context, dict(request, argv=request["argv"] + [archive.name]))
    return "sha256:" + hashlib.sha256(config).hexdigest()
