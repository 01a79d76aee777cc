"""Value parsers named by the mapping table's `transform` keys.

Each function takes ONE value as typed on the command line (one occurrence of a
repeatable flag) and returns it converted to what CRI wants, with CRI's proto
field names wherever the result is a message. The caller collects the results
of repeatable flags in order (later occurrences override earlier ones where
that matters, as in docker). Functions that need more than the value take it
as a keyword argument with a default that makes them usable alone: `environ`
(a mapping, for bare KEY in -e/-l/--env-file), `now` (an aware datetime, for
relative times) and `cwd` (for relative paths).

Errors: a bad value raises ValueError whose message is docker 19.03's own
wording where docker has one (else a plain sentence in the same style). The
message is the part docker prints after the flag: functions marked with
`at_parse = True` are the ones docker validates while it parses flags, and the
command line prints their error through `flag_error()`:

    invalid argument "x" for "-m, --memory" flag: invalid size: 'x'

Errors of the other functions are reported as docker reports errors found
after parsing (`docker: MESSAGE.` for run/create). All functions are pure:
they read no files except `env_file` and `label_file`, whose job it is.
"""

import datetime
import decimal
import fractions
import ipaddress
import os
import posixpath
import re

__all__ = [
    "attach_streams", "capability", "container_name", "cpus", "device_spec", "dns_search",
    "env_file", "env_var", "extra_host", "filter_pair", "flag_error", "go_duration",
    "group_id", "ip_address", "ipc_mode", "key_value", "label", "label_file", "log_time",
    "memory_swap", "mount_spec", "network_mode", "pid_mode", "port_specs", "ram_in_bytes",
    "security_opt", "signal_name", "sysctl", "tail_lines", "user_spec", "userns_mode",
    "volume_spec", "volumes_from",
]

# Public functions that no table row names: tools for the command line.
HELPERS = ("flag_error",)


def _digits(text):
    """Only ASCII digits (str.isdigit also takes other scripts' digits)."""
    return text.isascii() and text.isdigit()


def _at_parse(fn):
    fn.at_parse = True
    return fn


def flag_error(flag, value, error):
    """docker's (pflag's) wording for a value rejected while parsing flags.

    `flag` is how docker names the flag in that message: "-m, --memory" when it
    has a shorthand, else "--cpus".
    """
    return 'invalid argument "%s" for "%s" flag: %s' % (value, flag, error)


# ---------------------------------------------------------------- sizes and times

_SIZE = re.compile(r"^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?\Z")
_BINARY = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


@_at_parse
def ram_in_bytes(value):
    """A size with binary units, as docker's -m: "512m", "1g", "1.5GiB", "1024" -> bytes (int).

    go-units RAMInBytes: an optional space, a unit letter k/m/g/t/p (any case)
    optionally followed by i and/or b; fractions are truncated after scaling.
    """
    match = _SIZE.match(value)
    if not match:
        raise ValueError("invalid size: '%s'" % value)
    number = match.group(1)
    if number.count(".") > 1:
        raise ValueError('strconv.ParseFloat: parsing "%s": invalid syntax' % number)
    size = decimal.Decimal(number)
    unit = (match.group(3) or "").lower()
    if unit:
        size *= _BINARY[unit]
    return int(size)


@_at_parse
def memory_swap(value):
    """--memory-swap: a size as ram_in_bytes, or "-1" for unlimited swap (returns -1)."""
    if value == "-1":
        return -1
    return ram_in_bytes(value)


_DURATION_UNITS = {
    "ns": 1, "us": 1000, "\u00b5s": 1000, "\u03bcs": 1000, "ms": 1000000,
    "s": 1000000000, "m": 60000000000, "h": 3600000000000,
}
_DURATION_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)([^0-9.]*)")


@_at_parse
def go_duration(value):
    """A Go duration ("10s", "1m30s", "1.5h", "-2m", "0") -> nanoseconds (int).

    Units ns, us (or µs), ms, s, m, h; several parts add up; "0" needs no unit.
    Messages are those of the Go release docker 19.03 was built with.
    """
    text = value
    negative = False
    if text[:1] in ("-", "+"):
        negative = text[0] == "-"
        text = text[1:]
    if text == "0":
        return 0
    if not text:
        raise ValueError("time: invalid duration %s" % value)
    total = decimal.Decimal(0)
    pos = 0
    while pos < len(text):
        match = _DURATION_PART.match(text, pos)
        number, unit = match.group(1), match.group(2)
        if number in ("", "."):
            raise ValueError("time: invalid duration %s" % value)
        if not unit:
            raise ValueError("time: missing unit in duration %s" % value)
        if unit not in _DURATION_UNITS:
            raise ValueError("time: unknown unit %s in duration %s" % (unit, value))
        total += decimal.Decimal(number) * _DURATION_UNITS[unit]
        pos = match.end()
    if total > (1 << 63) - 1:
        raise ValueError("time: invalid duration %s" % value)
    nanos = int(total)
    return -nanos if negative else nanos


_STAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:T(\d{2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?)?"
    r"(Z|z|[+-]\d{2}:\d{2})?\Z")


def log_time(value, now=None):
    """--since/--until of logs -> nanoseconds since the epoch (int).

    Accepted, as docker's timetypes.GetTimestamp: a Go duration meaning that
    long before `now` ("10m", "1h30m"); RFC3339 / RFC3339Nano timestamps, also
    cut short after the date, the hour or the minute ("2013-01-02",
    "2013-01-02T13:23:37.5Z", "2013-01-02T13:23+01:00"), in `now`'s time zone
    when they carry none; and unix seconds with an optional fraction
    ("1500000000", "1500000000.123456789"). "0" is the epoch. `now` defaults
    to the current time in the local zone.
    """
    if now is None:
        now = datetime.datetime.now().astimezone()
    elif now.tzinfo is None:
        now = now.astimezone()
    if value != "0":
        try:
            nanos = go_duration(value)
        except ValueError:
            pass
        else:
            # docker keeps whole seconds of (now - duration)
            return (_epoch_nanos(now) - nanos) // 1000000000 * 1000000000
    match = _STAMP.match(value)
    if match:
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        try:
            stamp = datetime.datetime(int(year), int(month), int(day), int(hour or 0),
                                      int(minute or 0), int(second or 0))
        except ValueError as err:
            raise ValueError('parsing time "%s": %s' % (value, err))
        if zone is None:
            # docker parses it in the fixed offset `now` has
            stamp = stamp.replace(tzinfo=datetime.timezone(now.utcoffset()))
        elif zone in ("Z", "z"):
            stamp = stamp.replace(tzinfo=datetime.timezone.utc)
        else:
            sign = 1 if zone[0] == "+" else -1
            delta = datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
            stamp = stamp.replace(tzinfo=datetime.timezone(sign * delta))
        nanos = _epoch_nanos(stamp)
        if fraction:
            digits = fraction[1:10].ljust(9, "0")
            nanos += int(digits)
        return nanos
    if "-" in value:
        raise ValueError('parsing time "%s": cannot parse "%s" as a timestamp' % (value, value))
    secs, dot, frac = value.partition(".")
    if not _digits(secs) or (dot and not _digits(frac)):
        raise ValueError('failed to parse value as time or duration: "%s"' % value)
    return int(secs) * 1000000000 + int((frac + "000000000")[:9] if frac else 0)


def _epoch_nanos(stamp):
    delta = stamp - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 1000000000 + delta.microseconds * 1000


def tail_lines(value):
    """--tail of logs -> number of lines (int), -1 for all.

    "all", a negative number and anything that is not a number mean every line
    (the daemon falls back to all rather than failing).
    """
    try:
        lines = int(value)
    except ValueError:
        return -1
    return lines if lines >= 0 else -1


_RATIONAL = re.compile(r"^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|\d+/\d+)\Z")


@_at_parse
def cpus(value):
    """--cpus ("1.5", "0.25", "3/2", or a number) -> {"cpu_period": 100000, "cpu_quota": int}.

    docker parses the value as a rational number of CPUs (NanoCPUs) and the
    daemon turns it into CFS settings with a 100ms period; CRI has only those.
    """
    if not isinstance(value, str):
        value = repr(value)  # the command line may hand over a float already
    if not _RATIONAL.match(value):
        raise ValueError("failed to parse %s as a rational number" % value)
    try:
        amount = fractions.Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ValueError("failed to parse %s as a rational number" % value)
    nanos = amount * 1000000000
    if nanos.denominator != 1:
        raise ValueError("value is too precise")
    period = 100000
    return {"cpu_period": period, "cpu_quota": int(nanos) * period // 1000000000}


# ---------------------------------------------------------------- environment and labels

_WHITESPACE = " \t"  # what docker trims from and refuses in variable names

@_at_parse
def env_var(value, environ=None):
    """-e: "KEY=VALUE" -> {"key": KEY, "value": VALUE}; "KEY" takes its value from `environ`.

    A bare KEY that `environ` lacks returns None: docker leaves such a variable
    out of the container. `environ` defaults to os.environ.
    """
    environ = os.environ if environ is None else environ
    key, eq, val = value.partition("=")
    if not key:
        raise ValueError("invalid environment variable: %s" % value)
    if eq:
        return {"key": key, "value": val}
    if key in environ:
        return {"key": key, "value": environ[key]}
    return None


@_at_parse
def label(value):
    """-l/--label: "KEY=VALUE" -> (KEY, VALUE); a bare "KEY" is (KEY, "")."""
    key, _, val = value.partition("=")
    name = key.lstrip(_WHITESPACE)
    if not name:
        raise ValueError("invalid label '%s': empty name" % value)
    if any(ch in _WHITESPACE for ch in name):
        raise ValueError("label '%s' contains whitespaces" % name)
    return name, val


def key_value(value):
    """crictl's --label filter: "KEY=VALUE" -> (KEY, VALUE); both parts are required."""
    key, eq, val = value.partition("=")
    if not eq or not key:
        raise ValueError("incorrectly specified label: %s" % value)
    return key, val


def _key_value_file(path, environ):
    """docker's parser for --env-file and --label-file (opts/parse.go)."""
    with open(path, "rb") as fh:
        raw = fh.read()
    lines = []
    for number, data in enumerate(raw.split(b"\n"), 1):
        if data.endswith(b"\r"):
            data = data[:-1]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("env file %s contains invalid utf8 bytes at line %d: %s"
                             % (path, number, list(data)))
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        line = text.lstrip()
        if not line or line.startswith("#"):
            continue
        variable, eq, rest = line.partition("=")
        variable = variable.lstrip(_WHITESPACE)
        if any(ch in _WHITESPACE for ch in variable):
            raise ValueError("poorly formatted environment: variable '%s' contains whitespaces"
                             % variable)
        if not variable:
            raise ValueError("poorly formatted environment: no variable name on line '%s'" % line)
        if eq:
            lines.append((variable, rest))
        elif environ is not None and line.strip() in environ:
            lines.append((line.strip(), environ[line.strip()]))
    return lines


def env_file(path, environ=None):
    """--env-file PATH -> [{"key", "value"}, ...] in file order.

    docker's rules: leading whitespace is ignored, blank lines and lines
    starting with # are skipped, KEY=VALUE keeps VALUE verbatim (no quotes are
    removed, no trimming), a bare KEY takes its value from `environ` and is left
    out when unset, a KEY with whitespace in it is an error. A missing file
    raises ValueError with the system's message, as docker prints it.
    """
    environ = os.environ if environ is None else environ
    try:
        pairs = _key_value_file(path, environ)
    except OSError as err:
        raise ValueError("open %s: %s" % (path, (err.strerror or str(err)).lower()))
    return [{"key": key, "value": val} for key, val in pairs]


def label_file(path):
    """--label-file PATH -> [(KEY, VALUE), ...]: the env-file rules, but a bare KEY is skipped."""
    try:
        return _key_value_file(path, None)
    except OSError as err:
        raise ValueError("open %s: %s" % (path, (err.strerror or str(err)).lower()))


# ---------------------------------------------------------------- networking

@_at_parse
def ip_address(value):
    """--dns: an IPv4 or IPv6 address, returned in canonical form."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise ValueError("%s is not an ip address" % value)


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_DOMAIN = re.compile(r"^(%s(?:\.%s)*)\.?\s*\Z" % (_LABEL, _LABEL))


@_at_parse
def dns_search(value):
    """--dns-search: a domain name, returned without a trailing dot; "." (no search) is kept."""
    text = value.strip(" ")
    if text == ".":
        return text
    match = _DOMAIN.match(text)
    if not re.search("[A-Za-z]", text) or not match or len(match.group(1)) >= 255:
        raise ValueError("%s is not a valid domain" % text)
    return match.group(1)


@_at_parse
def extra_host(value):
    """--add-host "NAME:IP" -> (NAME, IP). Only the first colon splits, so IPv6 works."""
    name, colon, addr = value.partition(":")
    if not colon or not name:
        raise ValueError('bad format for add-host: "%s"' % value)
    try:
        ipaddress.ip_address(addr)
    except ValueError:
        raise ValueError('invalid IP address in add-host: "%s"' % addr)
    return name, addr


_PROTOCOLS = {"tcp": "TCP", "udp": "UDP", "sctp": "SCTP"}


def _port_range(text):
    """nat.ParsePortRange: "80" or "8000-8010" -> (start, end)."""
    if not text:
        raise ValueError("Empty string specified for ports.")
    if "-" not in text:
        number = _port_number(text)
        return number, number
    first, _, last = text.partition("-")
    start, end = _port_number(first), _port_number(last.split("-")[0])
    if end < start:
        raise ValueError("Invalid range specified for the Port: %s" % text)
    return start, end


def _port_number(text):
    if not _digits(text) or int(text) > 65535:
        raise ValueError("invalid port %s" % text)
    return int(text)


def _long_publish(value):
    """docker's long form of -p: target=80,published=8080,protocol=udp,mode=ingress."""
    params = {}
    for part in value.split(","):
        key, eq, val = part.partition("=")
        if not eq:
            raise ValueError("invalid publish opts format (should be name=value but got '%s')" % part)
        params[key.strip().lower()] = val.strip()
    target = params.get("target", "")
    if not target:
        raise ValueError("invalid publish opts format (target is required)")
    spec = target + "/" + params.get("protocol", "tcp")
    if params.get("published"):
        spec = params["published"] + ":" + spec
    return spec


def port_specs(value):
    """-p/--publish -> [{"protocol", "container_port", "host_port", "host_ip"}, ...].

    Forms (go-connections nat.ParsePortSpec): "80", "8080:80", "127.0.0.1:8080:80",
    "127.0.0.1::80", "[::1]:8080:80", a /tcp, /udp or /sctp suffix, ranges
    "8000-8010:80-90" (one mapping per port, sizes must agree) and the long form
    "published=8080,target=80,protocol=udp". No host port gives host_port 0
    (docker picks one); a host range for a single container port gives its first
    port. Protocols are CRI's upper-case enum names.
    """
    if "=" in value:
        value = _long_publish(value)
    parts = value.split(":")
    if len(parts) == 1:
        raw_ip, host, container = "", "", parts[0]
    elif len(parts) == 2:
        raw_ip, host, container = "", parts[0], parts[1]
    elif len(parts) == 3:
        raw_ip, host, container = parts
    else:
        raw_ip, host, container = ":".join(parts[:-2]), parts[-2], parts[-1]
    proto_parts = container.split("/")
    if not container or not proto_parts[0]:
        proto, container = "", ""
    elif len(proto_parts) == 1 or not proto_parts[1]:
        proto, container = "tcp", proto_parts[0]
    else:
        proto, container = proto_parts[1], proto_parts[0]
    host_ip = raw_ip
    if host_ip.startswith("[") and host_ip.endswith("]"):
        host_ip = host_ip[1:-1]
    elif ":" in host_ip:
        raise ValueError("Invalid ip address %s: address %s:: too many colons in address"
                         % (raw_ip, raw_ip))
    elif host_ip.startswith("[") or host_ip.endswith("]"):
        raise ValueError("Invalid ip address %s: address %s: missing ']' in address" % (raw_ip, raw_ip))
    if host_ip:
        try:
            ipaddress.ip_address(host_ip)
        except ValueError:
            raise ValueError("Invalid ip address: %s" % host_ip)
    if not container:
        raise ValueError("No port specified: %s<empty>" % value)
    try:
        start, end = _port_range(container)
    except ValueError:
        raise ValueError("Invalid containerPort: %s" % container)
    host_start = host_end = 0
    if host:
        try:
            host_start, host_end = _port_range(host)
        except ValueError:
            raise ValueError("Invalid hostPort: %s" % host)
        if end - start != host_end - host_start and end != start:
            raise ValueError("Invalid ranges specified for container and host Ports: %s and %s"
                             % (container, host))
    protocol = _PROTOCOLS.get(proto.lower())
    if protocol is None:
        raise ValueError("Invalid proto: %s" % proto)
    mappings = []
    for offset in range(end - start + 1):
        mappings.append({
            "protocol": protocol,
            "container_port": start + offset,
            "host_port": host_start + offset if host else 0,
            "host_ip": host_ip,
        })
    return mappings


def network_mode(value):
    """--network -> {"network": "POD"|"NODE", "join": CONTAINER}.

    default, bridge or "": the pod's own network namespace set up by CNI (POD).
    host: the node's (NODE). container:NAME: join NAME's pod sandbox ("join" is
    NAME, else ""). none and user-defined networks cannot be made through CRI.
    """
    mode = value.strip()
    if mode in ("", "default", "bridge"):
        return {"network": "POD", "join": ""}
    if mode == "host":
        return {"network": "NODE", "join": ""}
    if mode.startswith("container:"):
        name = mode[len("container:"):]
        if not name:
            raise ValueError("--network: invalid net mode: invalid container format container:<name|id>")
        return {"network": "POD", "join": name}
    if mode == "none":
        raise ValueError("network mode none is not supported: a CRI pod always gets the network its "
                         "CNI plugin sets up; use --network host or the default network")
    raise ValueError("network %s not found" % mode)


def ipc_mode(value):
    """--ipc -> {"ipc": "POD"|"NODE", "join": CONTAINER}.

    "", private and shareable: the pod's own IPC namespace; host: the node's;
    container:NAME: join NAME's pod sandbox. none (no /dev/shm) cannot be made.
    """
    mode = value.strip()
    if mode in ("", "private", "shareable"):
        return {"ipc": "POD", "join": ""}
    if mode == "host":
        return {"ipc": "NODE", "join": ""}
    if mode.startswith("container:") and len(mode) > len("container:"):
        return {"ipc": "POD", "join": mode[len("container:"):]}
    if mode == "none":
        raise ValueError("IPC mode none is not supported: CRI runtimes always mount /dev/shm")
    raise ValueError("--ipc: invalid IPC mode")


def pid_mode(value):
    """--pid -> {"pid": "CONTAINER"|"NODE"|"TARGET", "target": CONTAINER}.

    "": the container's own PID namespace (its process is PID 1, as in docker);
    host: the node's; container:NAME: TARGET mode with NAME as target (the
    caller resolves NAME to an id for NamespaceOption.target_id).
    """
    mode = value.strip()
    if mode == "":
        return {"pid": "CONTAINER", "target": ""}
    if mode == "host":
        return {"pid": "NODE", "target": ""}
    if mode.startswith("container:") and len(mode) > len("container:"):
        return {"pid": "TARGET", "target": mode[len("container:"):]}
    raise ValueError("--pid: invalid PID mode")


def userns_mode(value):
    """--userns: docker accepts "" or host; both mean no user namespace (mode NODE)."""
    if value.strip() in ("", "host"):
        return {"mode": "NODE"}
    raise ValueError("--userns: invalid USER mode")


# ---------------------------------------------------------------- mounts and devices

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


_TRUE = ("1", "t", "T", "true", "TRUE", "True")
_FALSE = ("0", "f", "F", "false", "FALSE", "False")


def _go_bool(text, error):
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(error)


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


# ---------------------------------------------------------------- identity and security

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
