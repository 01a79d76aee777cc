"""Value parsers: identity and security."""

import os
import re

from ._common import _at_parse, _digits, _go_bool  # noqa: F401

def user_spec(value):
    """-u "uid", "uid:gid", "name", "name:gid" -> CRI run_as_* fields.

    Returns {"run_as_user": int} or {"run_as_username": str}, plus
    {"run_as_group": int} when a numeric group is given. CRI has no field for
    a group name, so "name:group" with a non-numeric group is refused.
    """
    user, colon, group = value.partition(":")
    if not user or (colon and not group):
        raise ValueError("invalid user specification: %s" % value)
    result = {}
    if _digits(user):
        result["run_as_user"] = int(user)
    else:
        result["run_as_username"] = user
    if colon:
        if not _digits(group):
            raise ValueError('group name "%s" is not supported: CRI takes a numeric group id '
                             '(run_as_group)' % group)
        result["run_as_group"] = int(group)
    return result


def group_id(value):
    """--group-add: a numeric group id (int). Names are refused: CRI takes GIDs only."""
    text = value.strip()
    if _digits(text):
        return int(text)
    raise ValueError('group name "%s" is not supported: CRI takes numeric group ids '
                     '(supplemental_groups)' % value)


_CAPABILITIES = frozenset("""
CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP LINUX_IMMUTABLE
NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER SYS_MODULE SYS_RAWIO
SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE SYS_RESOURCE SYS_TIME
SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP MAC_OVERRIDE MAC_ADMIN SYSLOG
WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF CHECKPOINT_RESTORE
""".split())


def capability(value):
    """--cap-add/--cap-drop: "NET_ADMIN", "cap_net_admin", "ALL" -> "NET_ADMIN" / "ALL".

    CRI takes names without the CAP_ prefix (the runtime adds it).
    """
    name = value.strip().upper()
    if name.startswith("CAP_"):
        name = name[4:]
    if name == "ALL" or name in _CAPABILITIES:
        return name
    raise ValueError('Unknown capability: "%s"' % value)


def _profile(kind, value):
    if value == "unconfined":
        return {"profile_type": "Unconfined"}
    if kind == "apparmor" and value in ("runtime/default", "docker-default"):
        return {"profile_type": "RuntimeDefault"}
    if kind == "seccomp" and value in ("runtime/default", "docker/default", "builtin"):
        return {"profile_type": "RuntimeDefault"}
    return {"profile_type": "Localhost", "localhost_ref": value}


def security_opt(value, cwd=None):
    """--security-opt -> the security-context fields it sets, with CRI names.

    seccomp=unconfined | PROFILE.json -> {"seccomp": SecurityProfile}; a relative
    profile path is taken from `cwd` (default: the current directory), since the
    runtime reads the file itself. apparmor=unconfined | PROFILE -> {"apparmor": ...}.
    no-new-privileges[=true|false] -> {"no_new_privs": bool}.
    label=user:U | role:R | type:T | level:L -> {"selinux_options": {...}};
    label=disable -> type spc_t, the SELinux type for unconfined containers.
    The old KEY:VALUE separator is accepted as docker accepts it.
    """
    key, eq, val = value.partition("=")
    if not eq and key != "no-new-privileges":
        if ":" in value:
            key, _, val = value.partition(":")
        else:
            raise ValueError('Invalid --security-opt: "%s"' % value)
    if key == "no-new-privileges":
        if not eq and not val:
            return {"no_new_privs": True}
        return {"no_new_privs": _go_bool(val, 'invalid --security-opt 2: "%s"' % value)}
    if key == "seccomp":
        profile = _profile("seccomp", val)
        if profile["profile_type"] == "Localhost" and not val.startswith("/"):
            profile["localhost_ref"] = os.path.normpath(os.path.join(cwd or os.getcwd(), val))
        return {"seccomp": profile}
    if key == "apparmor":
        return {"apparmor": _profile("apparmor", val)}
    if key == "label":
        if val == "disable":
            return {"selinux_options": {"type": "spc_t"}}
        part, colon, setting = val.partition(":")
        if not colon or part not in ("user", "role", "type", "level"):
            raise ValueError('invalid --security-opt 2: "%s"' % value)
        return {"selinux_options": {part: setting}}
    if key == "systempaths":
        raise ValueError("systempaths=unconfined is not supported: CRI takes an empty masked_paths list "
                         "as the runtime's defaults; use --privileged")
    raise ValueError('invalid --security-opt 1: "%s"' % value)


_SIGNALS = {
    "ABRT": 6, "ALRM": 14, "BUS": 7, "CHLD": 17, "CLD": 17, "CONT": 18, "FPE": 8, "HUP": 1,
    "ILL": 4, "INT": 2, "IO": 29, "IOT": 6, "KILL": 9, "PIPE": 13, "POLL": 29, "PROF": 27,
    "PWR": 30, "QUIT": 3, "SEGV": 11, "STKFLT": 16, "STOP": 19, "SYS": 31, "TERM": 15,
    "TRAP": 5, "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23, "USR1": 10, "USR2": 12,
    "VTALRM": 26, "WINCH": 28, "XCPU": 24, "XFSZ": 25,
}
_BY_NUMBER = {}
for _name, _number in sorted(_SIGNALS.items(), key=lambda item: item[0] in ("CLD", "IOT", "POLL")):
    _BY_NUMBER.setdefault(_number, _name)


def signal_name(value):
    """A signal as docker takes it ("SIGTERM", "TERM", "term", "15") -> "SIGTERM".

    The result is the name CRI's Signal enum uses after its SIGNAL_ prefix.
    Real-time signals (RTMIN+n) have no CRI enum value and are refused.
    """
    text = value.strip()
    if _digits(text):
        number = int(text)
        if number in _BY_NUMBER:
            return "SIG" + _BY_NUMBER[number]
        raise ValueError("Invalid signal: %s" % value)
    name = text.upper()
    if name.startswith("SIG"):
        name = name[3:]
    if name in _SIGNALS:
        return "SIG" + name
    raise ValueError("Invalid signal: %s" % value)


_SYSCTL_NAMES = frozenset(["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
                           "kernel.shmall", "kernel.shmmax", "kernel.shmmni",
                           "kernel.shm_rmid_forced"])


@_at_parse
def sysctl(value):
    """--sysctl "name=value" -> (name, value), for docker's namespaced sysctls only.

    Allowed, as docker 19.03: kernel.msg*/sem/shm* names listed by docker, and
    anything under net. or fs.mqueue.
    """
    name, eq, setting = value.partition("=")
    if not eq:
        raise ValueError("sysctl '%s' is not whitelisted" % value)
    if name in _SYSCTL_NAMES or name.startswith("net.") or name.startswith("fs.mqueue."):
        return name, setting
    raise ValueError("sysctl '%s' is not whitelisted" % value)


_NAME = re.compile(r"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+\Z")


def container_name(value):
    """--name: docker's container name rule ([a-zA-Z0-9][a-zA-Z0-9_.-]+); a leading / is dropped."""
    if not _NAME.match(value):
        raise ValueError("Invalid container name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed" % value)
    return value.lstrip("/")


@_at_parse
def attach_streams(value):
    """-a/--attach: stdin, stdout or stderr (any case) -> the lower-case name."""
    stream = value.lower()
    if stream in ("stdin", "stdout", "stderr"):
        return stream
    raise ValueError("valid streams are STDIN, STDOUT and STDERR")


@_at_parse
def filter_pair(value):
    """-f/--filter "key=value" -> (key, value): key lower-cased and both trimmed, as docker does.

    An empty value adds no filter and returns None.
    """
    if value == "":
        return None
    key, eq, val = value.partition("=")
    if not eq:
        raise ValueError("bad format of filter (expected name=value)")
    return key.strip().lower(), val.strip()
