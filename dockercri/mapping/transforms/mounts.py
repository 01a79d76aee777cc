"""Value parsers: mounts and devices."""

import posixpath
import re

from ._common import _at_parse, _go_bool

_PROPAGATION = {
    "private": "PROPAGATION_PRIVATE", "rprivate": "PROPAGATION_PRIVATE",
    "slave": "PROPAGATION_HOST_TO_CONTAINER", "rslave": "PROPAGATION_HOST_TO_CONTAINER",
    "shared": "PROPAGATION_BIDIRECTIONAL", "rshared": "PROPAGATION_BIDIRECTIONAL",
}
_VOLUME_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+\Z")


def _mount_modes(mode):
    """docker's ValidMountMode for Linux binds: at most one of each kind, known words only."""
    seen = {}
    kinds = {"rw": "rw", "ro": "rw", "z": "label", "Z": "label", "nocopy": "copy",
             "consistent": "consistency", "cached": "consistency", "delegated": "consistency"}
    for prop in _PROPAGATION:
        kinds[prop] = "propagation"
    words = mode.split(",") if mode else []
    for word in words:
        kind = kinds.get(word)
        if kind is None or kind in seen:
            raise ValueError("invalid mode: %s" % mode)
        seen[kind] = word
    return seen


def _no_volumes(source):
    if not _VOLUME_NAME.match(source):
        return ValueError('create %s: "%s" includes invalid characters for a local volume name, only '
                          '"[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host '
                          'directory, use absolute path' % (source, source))
    return ValueError('named volume "%s" is not supported: CRI mounts only host paths; give an '
                      'absolute host path' % source)


def volume_spec(value):
    """-v/--volume "/HOST:/CONTAINER[:OPTS]" -> a CRI Mount as a dict.

    Keys: host_path, container_path, readonly, selinux_relabel, propagation
    (PROPAGATION_PRIVATE | _HOST_TO_CONTAINER | _BIDIRECTIONAL). OPTS is a comma
    list of rw|ro, z|Z, one propagation (private, rprivate, slave, rslave,
    shared, rshared; the non-recursive ones are treated as recursive) and
    docker's ignored consistency words. An anonymous volume ("/data") or a named
    one ("name:/data") is refused: CRI has no volumes.
    """
    parts = value.split(":", 3)
    if not parts[0]:
        raise ValueError("invalid volume specification: '%s'" % value)
    if any(part == "" for part in parts):
        raise ValueError("invalid volume specification: '%s'" % value)
    mode = ""
    if len(parts) == 1:
        raise ValueError('anonymous volume "%s" is not supported: CRI mounts only host paths; use '
                         '-v /HOST/PATH:%s' % (value, value))
    if len(parts) == 2:
        source, target = parts
        try:
            _mount_modes(target)
        except ValueError:
            pass
        else:
            raise ValueError('anonymous volume "%s" is not supported: CRI mounts only host paths'
                             % source)
    elif len(parts) == 3:
        source, target, mode = parts
    else:
        raise ValueError("invalid volume specification: '%s'" % value)
    modes = _mount_modes(mode)
    if not source.startswith("/"):
        raise _no_volumes(source)
    if not target.startswith("/"):
        raise ValueError("invalid volume specification: '%s': invalid mount config for type \"bind\": "
                         "invalid mount path: '%s' mount path must be absolute" % (value, target))
    target = posixpath.normpath(target)
    if target == "/":
        raise ValueError("invalid specification: destination can't be '/'")
    if modes.get("copy"):
        raise ValueError("invalid mode: %s" % mode)
    return {
        "host_path": posixpath.normpath(source),
        "container_path": target,
        "readonly": modes.get("rw") == "ro",
        "selinux_relabel": "label" in modes,
        "propagation": _PROPAGATION.get(modes.get("propagation", "rprivate")),
    }




def _csv_fields(value):
    """One CSV record, as Go's encoding/csv reads docker's --mount value."""
    import csv
    try:
        rows = list(csv.reader([value], strict=True))
    except csv.Error as err:
        raise ValueError(str(err))
    return rows[0] if rows else []


@_at_parse
def mount_spec(value):
    """--mount "type=bind,source=/a,target=/b[,readonly][,bind-propagation=rslave]" -> a CRI Mount dict.

    Same keys as volume_spec (selinux_relabel is always False: --mount does not
    relabel). Keys are docker's: type, source|src, target|dst|destination,
    readonly|ro[=bool], bind-propagation, consistency. type=volume (docker's
    default) and type=tmpfs are refused: CRI mounts are host paths.
    """
    mount = {"type": "volume", "source": "", "target": "", "readonly": False,
             "propagation": None, "volume": False, "tmpfs": False, "nonrecursive": False}
    for field in _csv_fields(value):
        key, eq, val = field.partition("=")
        key = key.lower()
        if not eq:
            if key in ("readonly", "ro"):
                mount["readonly"] = True
                continue
            if key == "volume-nocopy":
                mount["volume"] = True
                continue
            raise ValueError("invalid field '%s' must be a key=value pair" % field)
        if key == "type":
            mount["type"] = val.lower()
        elif key in ("source", "src"):
            mount["source"] = val
        elif key in ("target", "dst", "destination"):
            mount["target"] = val
        elif key in ("readonly", "ro"):
            mount["readonly"] = _go_bool(val, "invalid value for %s: %s" % (key, val))
        elif key == "consistency":
            pass
        elif key == "bind-propagation":
            mount["propagation"] = val.lower()
        elif key == "bind-nonrecursive":
            mount["nonrecursive"] = _go_bool(val, "invalid value for %s: %s" % (key, val))
        elif key in ("volume-nocopy", "volume-label", "volume-driver", "volume-opt"):
            mount["volume"] = True
        elif key in ("tmpfs-size", "tmpfs-mode"):
            mount["tmpfs"] = True
        else:
            raise ValueError("unexpected key '%s' in '%s'" % (key, field))
    if not mount["type"]:
        raise ValueError("type is required")
    if not mount["target"]:
        raise ValueError("target is required")
    kind = mount["type"]
    if mount["volume"] and kind != "volume":
        raise ValueError("cannot mix 'volume-*' options with mount type '%s'" % kind)
    if (mount["propagation"] is not None or mount["nonrecursive"]) and kind != "bind":
        raise ValueError("cannot mix 'bind-*' options with mount type '%s'" % kind)
    if mount["tmpfs"] and kind != "tmpfs":
        raise ValueError("cannot mix 'tmpfs-*' options with mount type '%s'" % kind)
    if kind in ("volume", "tmpfs", "npipe"):
        raise ValueError("mount type %s is not supported: CRI mounts only host paths; use "
                         "type=bind,source=/HOST/PATH" % kind)
    if kind != "bind":
        raise ValueError("mount type %s is not supported: CRI mounts only host paths" % kind)
    if not mount["source"]:
        raise ValueError('invalid mount config for type "bind": field Source must not be empty')
    if not mount["source"].startswith("/"):
        raise ValueError("invalid mount config for type \"bind\": invalid mount path: '%s' mount path "
                         "must be absolute" % mount["source"])
    if not mount["target"].startswith("/"):
        raise ValueError("invalid mount config for type \"bind\": invalid mount path: '%s' mount path "
                         "must be absolute" % mount["target"])
    if mount["nonrecursive"]:
        raise ValueError("bind-nonrecursive is not supported: CRI bind mounts are recursive")
    propagation = mount["propagation"] or "rprivate"
    if propagation not in _PROPAGATION:
        raise ValueError("invalid propagation mode: %s" % propagation)
    return {
        "host_path": posixpath.normpath(mount["source"]),
        "container_path": posixpath.normpath(mount["target"]),
        "readonly": mount["readonly"],
        "selinux_relabel": False,
        "propagation": _PROPAGATION[propagation],
    }


def volumes_from(value):
    """--volumes-from "NAME[:ro|:rw]" -> (NAME, "ro"|"rw"|"")."""
    name, colon, mode = value.partition(":")
    if not name:
        raise ValueError("invalid volumes-from: %s" % value)
    if colon and mode not in ("ro", "rw"):
        raise ValueError("invalid mode for volumes-from: %s" % mode)
    return name, mode


def _device_mode(mode):
    if not mode or len(mode) > 3:
        return False
    return all(ch in "rwm" for ch in mode) and len(set(mode)) == len(mode)


@_at_parse
def device_spec(value):
    """--device "/dev/HOST[:/dev/CONTAINER][:PERMISSIONS]" -> {"host_path", "container_path", "permissions"}.

    PERMISSIONS is a combination of r, w and m (default rwm); a second part that
    looks like permissions is taken as such, as docker does.
    """
    if value.count(":") > 2:
        raise ValueError("bad format for path: %s" % value)
    parts = value.split(":")
    if not parts[0]:
        raise ValueError("bad format for path: %s" % value)
    host, container, permissions = parts[0], "", "rwm"
    if len(parts) == 2:
        if _device_mode(parts[1]):
            permissions = parts[1]
        else:
            container = parts[1]
    elif len(parts) == 3:
        container, permissions = parts[1], parts[2]
        if not _device_mode(permissions):
            raise ValueError("bad mode specified: %s" % permissions)
    container = container or host
    if not container.startswith("/"):
        raise ValueError("%s is not an absolute path" % container)
    return {"host_path": host, "container_path": posixpath.normpath(container),
            "permissions": permissions}
