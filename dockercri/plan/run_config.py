"""docker run/create flags → the two CRI configs crictl calls pod-config.json and
container-config.json. Pure: values come parsed by the table's transforms.

A docker container becomes a pod sandbox of its own holding one container,
in the namespace "dockercri", as `crictl run` does. The pod's uid is derived
from the docker name, so the runtime's own sandbox-name reservation makes the
name unique: two `run --name x` racing each other cannot both win.
"""

import json
import os
import uuid

from dockercri import names
from dockercri.mapping import transforms
from dockercri.render import views

NAME_NAMESPACE = uuid.UUID("5b0c1d6e-8f35-4c3e-9d55-6f1d0c2a7b10")
STOP_TIMEOUT_LABEL = "io.dockercri.stop-timeout"
RM_LABEL = "io.dockercri.rm"
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
    out = {}
    if intent.opt("memory"):
        out["memory_limit_in_bytes"] = transforms.ram_in_bytes(intent.opt("memory"))
    if intent.opt("memory_swap"):
        swap = transforms.memory_swap(intent.opt("memory_swap"))
        out["memory_swap_limit_in_bytes"] = swap
    if intent.opt("cpus"):
        out.update(transforms.cpus(intent.opt("cpus")))
    for dest in ("cpu_period", "cpu_quota", "cpu_shares", "oom_score_adj"):
        if intent.has(dest) and intent.opt(dest) is not None:
            out[dest] = int(intent.opt(dest))
    for dest in ("cpuset_cpus", "cpuset_mems"):
        if intent.opt(dest):
            out[dest] = intent.opt(dest)
    return out


def security_context(intent, ns_options):
    ctx = {"namespace_options": dict(ns_options)}
    if intent.opt("privileged"):
        ctx["privileged"] = True
    adds = _each(intent, "cap_add", transforms.capability)
    drops = _each(intent, "cap_drop", transforms.capability)
    if adds or drops:
        ctx["capabilities"] = {"add_capabilities": adds, "drop_capabilities": drops}
    if intent.opt("user"):
        for key, value in transforms.user_spec(intent.opt("user")).items():
            # run_as_user and run_as_group are Int64Value wrappers in CRI.
            ctx[key] = {"value": value} if key in ("run_as_user", "run_as_group") else value
    groups = _each(intent, "group_add", transforms.group_id)
    if groups:
        ctx["supplemental_groups"] = groups
    if intent.opt("read_only"):
        ctx["readonly_rootfs"] = True
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
    pod_labels = {names.MANAGED_LABEL: "true", names.NAME_LABEL: name}
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
    if intent.opt("cgroup_parent"):
        pod["linux"]["cgroup_parent"] = intent.opt("cgroup_parent")
    sysctls = dict(_each(intent, "sysctl", transforms.sysctl))
    if sysctls:
        pod["linux"]["sysctls"] = sysctls
    if intent.opt("privileged"):
        pod["linux"]["security_context"]["privileged"] = True

    entrypoint, args = entrypoint_and_args(intent)
    labels = user_labels(intent)
    labels.update(pod_labels)
    labels[views.IMAGE_LABEL] = intent.args[0]
    labels[views.COMMAND_LABEL] = json.dumps(display_command(entrypoint, args, image_config))
    labels[names.OWN_POD_LABEL] = "false" if joins.get("network") or joins.get("ipc") else "true"
    if ports:
        labels[views.PORTS_LABEL] = docker_ports_text(ports)
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
    if intent.opt("workdir"):
        container["working_dir"] = intent.opt("workdir")
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
    devices = _each(intent, "device", transforms.device_spec)
    if devices:
        container["devices"] = devices
    res = resources(intent)
    if res:
        container["linux"]["resources"] = res
    if intent.opt("interactive"):
        container["stdin"] = True
        # docker closes stdin when the attached client ends it; a detached -i stays open
        container["stdin_once"] = not intent.opt("detach")
    if intent.opt("tty"):
        container["tty"] = True
    if intent.has("stop_signal"):
        # The Signal enum's names carry a SIGNAL_ prefix: SIGNAL_SIGTERM.
        container["stop_signal"] = "SIGNAL_" + transforms.signal_name(intent.opt("stop_signal"))
    return pod, container, intent.opt("runtime") or "", joins
