"""docker run/create flags → the two CRI configs crictl calls pod-config.json and
container-config.json. Pure: values come parsed by the table's transforms.

The table drives it: a row that maps a flag one-to-one onto CRI fields (status
mapped, its `cri` paths inside the configs) is applied by `apply_rows` alone,
its value after the row's transform set at each of those paths. The code below
handles only derived and emulated rows and mapped rows whose mapping is not
one-to-one (BY_HAND says which and why).

A docker container becomes a pod sandbox of its own holding one container,
in the namespace "dockercri", as `crictl run` does. The pod's uid is derived
from the docker name, so the runtime's own sandbox-name reservation makes the
name unique: two `run --name x` racing each other cannot both win.
"""

import json
import os
import uuid

from dockercri import mapping, names
from dockercri.labels import (COMMAND_LABEL, IMAGE_LABEL, MANAGED_LABEL, NAME_LABEL,
                              OWN_POD_LABEL, PORTS_LABEL, RM_LABEL, STOP_TIMEOUT_LABEL)
from dockercri.mapping import transforms

NAME_NAMESPACE = uuid.UUID("5b0c1d6e-8f35-4c3e-9d55-6f1d0c2a7b10")
LOG_ROOT = "/var/log/pods"
STATE_ROOT = "/var/lib/dockercri/containers"  # files dockercri makes for its containers


def hosts_file_path(name):
    return "%s/%s/hosts" % (STATE_ROOT, name)


def hosts_file_text(hostname, extra):
    """/etc/hosts for --add-host: localhost, the container's own name, then the extras."""
    lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback"]
    if hostname:
        lines.append("127.0.1.1\t%s" % hostname)
    lines += ["%s\t%s" % (addr, host) for host, addr in extra]
    return "\n".join(lines) + "\n"


def pod_uid(name):
    return str(uuid.uuid5(NAME_NAMESPACE, name))


def _each(intent, dest, function, **kwargs):
    out = []
    for raw in intent.opt(dest) or ():
        value = function(raw, **kwargs) if kwargs else function(raw)
        if value is not None:
            out.append(value)
    return out


# Mapped rows whose CRI value is more than their own value put at their `cri` paths.
BY_HAND = {
    "--cap-add": "add and drop lists make one Capability message",
    "--cap-drop": "add and drop lists make one Capability message",
    "--dns": "the DNS flags make one DNSConfig message",
    "--dns-opt": "the DNS flags make one DNSConfig message",
    "--dns-option": "the DNS flags make one DNSConfig message",
    "--dns-search": "the DNS flags make one DNSConfig message",
    "--entrypoint": "a one-word command that also drops the image's CMD",
    "--env": "merged with --env-file, later values winning",
    "--hostname": "defaults to the name; none on the node's network",
    "--interactive": "stdin_once depends on --detach",
    "--ipc": "a namespace mode, or a container whose pod is joined",
    "--label": "merged with --label-file and dockercri's own labels",
    "--mount": "one mounts list with --volume and --add-host's hosts file",
    "--name": "metadata of both configs and a label",
    "--net": "a namespace mode, or a container whose pod is joined",
    "--network": "a namespace mode, or a container whose pod is joined",
    "--pid": "a namespace mode, or a container's namespace by id",
    "--publish": "a missing host port is chosen when the plan runs",
    "--security-opt": "each value sets one of several fields",
    "--stop-signal": "CRI's Signal enum names carry a SIGNAL_ prefix",
    "--user": "uid and gid go in Int64Value wrappers",
    "--volume": "one mounts list with --mount and --add-host's hosts file",
}

# The order explain prints a config's fields in: rows are applied in table order,
# then each message's fields are put in this order (fields not named keep theirs, after).
FIELD_ORDER = {
    "ContainerConfig": ("metadata", "image", "labels", "log_path", "linux", "command", "args",
                        "working_dir", "envs", "mounts", "devices", "stdin", "stdin_once", "tty",
                        "stop_signal"),
    "LinuxContainerSecurityContext": ("namespace_options", "privileged", "capabilities",
                                      "run_as_user", "run_as_username", "run_as_group",
                                      "supplemental_groups", "readonly_rootfs"),
    "LinuxContainerResources": ("memory_limit_in_bytes", "memory_swap_limit_in_bytes",
                                "cpu_period", "cpu_quota", "cpu_shares", "oom_score_adj",
                                "cpuset_cpus", "cpuset_mems"),
}


def row_value(row, intent):
    """A one-to-one row's CRI value as the user gave it after its transform; None if not given.

    Booleans count when set, numbers when typed (0 included), strings when not
    empty, repeatable flags when they give at least one value.
    """
    raw = intent.opt(row.dest)
    convert = getattr(transforms, row.transform) if row.transform else None
    if row.type == "bool":
        return True if raw else None
    if row.type in ("list", "map"):
        values = [convert(item) if convert else item for item in raw or ()]
        values = [value for value in values if value is not None]
        if not values:
            return None
        return dict(values) if row.type == "map" else values
    if row.type in ("int", "uint"):
        if not intent.has(row.dest) or raw is None:
            return None
        return convert(raw) if convert else int(raw)
    if not raw:
        return None
    return convert(raw) if convert else raw


def _placed_paths(row, places):
    """The row's `cri` paths that lie in one of the given messages, split into words."""
    return [path.split(".") for path in row.cri if path.split(".", 1)[0] in places]


def one_to_one(row, places):
    return row.status == "mapped" and row.name not in BY_HAND and bool(_placed_paths(row, places))


def apply_rows(rows, intent, places):
    """Set each one-to-one row's value at its `cri` paths; places: {message name: its dict}.

    A row's paths outside those messages (AttachRequest.tty) belong to later calls.
    """
    for row in rows:
        if not one_to_one(row, places):
            continue
        value = row_value(row, intent)
        if value is None:
            continue
        for words in _placed_paths(row, places):
            target = places[words[0]]
            for word in words[1:-1]:
                target = target.setdefault(word, {})
            target[words[-1]] = value
    for message, fields in FIELD_ORDER.items():
        if message in places:
            _reorder(places[message], fields)


def _reorder(config, fields):
    items = [(key, config[key]) for key in fields if key in config]
    items += [(key, value) for key, value in config.items() if key not in fields]
    config.clear()
    config.update(items)


def namespaces(intent):
    """--network/--net, --pid, --ipc → NamespaceOption fields and what to join."""
    network = transforms.network_mode(intent.opt("network") or intent.opt("net") or "default")
    pid = transforms.pid_mode(intent.opt("pid") or "")
    ipc = transforms.ipc_mode(intent.opt("ipc") or "")
    options = {"network": network["network"], "pid": pid["pid"], "ipc": ipc["ipc"]}
    joins = {kind: target for kind, target in (("network", network.get("join")),
                                               ("ipc", ipc.get("join")),
                                               ("pid", pid.get("target"))) if target}
    if options["pid"] == "TARGET":
        options["pid"] = "CONTAINER"  # the target's pid namespace: set when it is resolved
    return options, joins


def dns_config(intent):
    servers = _each(intent, "dns", transforms.ip_address)
    searches = _each(intent, "dns_search", transforms.dns_search)
    opts = list(intent.opt("dns_option") or ()) + list(intent.opt("dns_opt") or ())
    if not (servers or searches or opts):
        return None
    return {"servers": servers, "searches": searches, "options": opts}


def port_mappings(intent, free_port=None):
    """-p mappings; a missing host port (host_port 0) is chosen by free_port when given,
    since CRI's port mapping with host port 0 publishes nothing."""
    mappings = []
    for raw in intent.opt("publish") or ():
        mappings.extend(transforms.port_specs(raw))
    if free_port is not None:
        for mapping in mappings:
            if not mapping["host_port"]:
                mapping["host_port"] = free_port(mapping["protocol"], mapping.get("host_ip", ""))
    return mappings


def docker_ports_text(mappings):
    """docker ps's PORTS column: 0.0.0.0:8080->80/tcp, ..."""
    parts = []
    for m in mappings:
        proto = m["protocol"].lower()
        if m["host_port"]:
            parts.append("%s:%d->%d/%s" % (m.get("host_ip") or "0.0.0.0", m["host_port"],
                                            m["container_port"], proto))
        else:
            parts.append("%d/%s" % (m["container_port"], proto))
    return ", ".join(parts)


def environment(intent, environ):
    envs = []
    for path in intent.opt("env_file") or ():
        envs.extend(transforms.env_file(path, environ=environ))
    envs.extend(_each(intent, "env", transforms.env_var, environ=environ))
    merged = {}
    for item in envs:
        merged[item["key"]] = item["value"]  # later occurrences win, as in docker
    return [{"key": key, "value": value} for key, value in merged.items()]


def user_labels(intent):
    labels = {}
    for path in intent.opt("label_file") or ():
        labels.update(dict(transforms.label_file(path)))
    labels.update(dict(_each(intent, "label", transforms.label)))
    return labels


def mounts(intent):
    found = _each(intent, "volume", transforms.volume_spec)
    found += _each(intent, "mount", transforms.mount_spec)
    return found


def resources(intent):
    """LinuxContainerResources of run, create and update: --cpus (derived) and the
    command's one-to-one rows, which win over --cpus, as the later flags always have."""
    out = {}
    if intent.opt("cpus"):
        out.update(transforms.cpus(intent.opt("cpus")))
    apply_rows(mapping.command(intent.command).flags, intent,
               {"LinuxContainerResources": out, "UpdateContainerResourcesRequest": {"linux": out}})
    return out


def security_context(intent, ns_options):
    ctx = {"namespace_options": dict(ns_options)}
    adds = _each(intent, "cap_add", transforms.capability)
    drops = _each(intent, "cap_drop", transforms.capability)
    if adds or drops:
        ctx["capabilities"] = {"add_capabilities": adds, "drop_capabilities": drops}
    if intent.opt("user"):
        for key, value in transforms.user_spec(intent.opt("user")).items():
            # run_as_user and run_as_group are Int64Value wrappers in CRI.
            ctx[key] = {"value": value} if key in ("run_as_user", "run_as_group") else value
    for raw in intent.opt("security_opt") or ():
        ctx.update(transforms.security_opt(raw, cwd=os.getcwd()))
    if "seccomp" not in ctx and not intent.opt("privileged"):
        # docker applies its default seccomp profile; CRI's default is none.
        ctx["seccomp"] = {"profile_type": "RuntimeDefault"}
    return ctx


def entrypoint_and_args(intent):
    """--entrypoint replaces the image's ENTRYPOINT and clears its CMD, as in docker."""
    args = list(intent.args[1:])
    entrypoint = intent.opt("entrypoint")
    if entrypoint is None or not intent.has("entrypoint"):
        return None, args
    return ([entrypoint] if entrypoint else []), args


def display_command(entrypoint, args, image_config):
    """What docker shows as COMMAND: the effective argv."""
    image_config = image_config or {}
    if entrypoint is None:
        entrypoint = list(image_config.get("Entrypoint") or [])
        if not args:
            args = list(image_config.get("Cmd") or [])
    return list(entrypoint) + list(args)


def build(intent, name, image_ref, environ, image_config=None, free_port=None):
    """Returns (pod_config, container_config, runtime_handler, joins)."""
    ns_options, joins = namespaces(intent)
    ports = port_mappings(intent, free_port)
    pod_labels = {MANAGED_LABEL: "true", NAME_LABEL: name}
    pod = {
        "metadata": {"name": name, "namespace": names.DOCKERCRI_NAMESPACE, "uid": pod_uid(name),
                     "attempt": 0},
        "log_directory": "%s/%s_%s_%s" % (LOG_ROOT, names.DOCKERCRI_NAMESPACE, name, pod_uid(name)),
        "labels": pod_labels,
        "annotations": {},
        "linux": {"security_context": {"namespace_options": dict(ns_options)}},
    }
    if ns_options["network"] != "NODE":
        pod["hostname"] = intent.opt("hostname") or name
    elif intent.opt("hostname"):
        pod["hostname"] = intent.opt("hostname")
    dns = dns_config(intent)
    if dns:
        pod["dns_config"] = dns
    if ports:
        pod["port_mappings"] = ports

    entrypoint, args = entrypoint_and_args(intent)
    labels = user_labels(intent)
    labels.update(pod_labels)
    labels[IMAGE_LABEL] = intent.args[0]
    labels[COMMAND_LABEL] = json.dumps(display_command(entrypoint, args, image_config))
    labels[OWN_POD_LABEL] = "false" if joins.get("network") or joins.get("ipc") else "true"
    if ports:
        labels[PORTS_LABEL] = docker_ports_text(ports)
    if intent.opt("stop_timeout") is not None and intent.has("stop_timeout"):
        labels[STOP_TIMEOUT_LABEL] = str(intent.opt("stop_timeout"))
    if intent.opt("rm"):
        labels[RM_LABEL] = "true"
    container = {
        "metadata": {"name": name, "attempt": 0},
        "image": {"image": image_ref},
        "labels": labels,
        "log_path": "%s/0.log" % name,
        "linux": {"security_context": security_context(intent, ns_options)},
    }
    if entrypoint is not None:
        container["command"] = entrypoint
    if args:
        container["args"] = args
    envs = environment(intent, environ)
    if envs:
        container["envs"] = envs
    found_mounts = mounts(intent)
    extra_hosts = _each(intent, "add_host", transforms.extra_host)
    if extra_hosts:
        found_mounts.append({"host_path": hosts_file_path(name), "container_path": "/etc/hosts",
                             "readonly": True})
    if found_mounts:
        container["mounts"] = found_mounts
    res = resources(intent)
    if res:
        container["linux"]["resources"] = res
    if intent.opt("interactive"):
        container["stdin"] = True
        # docker closes stdin when the attached client ends it; a detached -i stays open
        container["stdin_once"] = not intent.opt("detach")
    if intent.has("stop_signal"):
        # The Signal enum's names carry a SIGNAL_ prefix: SIGNAL_SIGTERM.
        container["stop_signal"] = "SIGNAL_" + transforms.signal_name(intent.opt("stop_signal"))
    apply_rows(mapping.command(intent.command).flags, intent, {
        "PodSandboxConfig": pod, "LinuxPodSandboxConfig": pod["linux"],
        "LinuxSandboxSecurityContext": pod["linux"]["security_context"],
        "ContainerConfig": container,
        "LinuxContainerSecurityContext": container["linux"]["security_context"]})
    return pod, container, intent.opt("runtime") or "", joins
