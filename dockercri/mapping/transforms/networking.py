"""Value parsers: networking."""

import re

from ._common import _at_parse, _digits  # noqa: F401

@_at_parse
def ip_address(value):
    """--dns: an IPv4 or IPv6 address, returned in canonical form."""
    import ipaddress  # imported on use: start-up cost
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
    import ipaddress  # imported on use: start-up cost
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
    import ipaddress  # imported on use: start-up cost
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
