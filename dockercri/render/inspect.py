"""docker-shaped inspect JSON for containers and images; crictl's shape for pods.

Fields CRI cannot know are present with docker's empty values, so templates
such as {{.State.Pid}} or {{.Config.Env}} find them.
"""

import json

from dockercri import names
from dockercri.labels import DOCKER_TYPE_LABEL, RM_LABEL
from dockercri.render import timefmt, views


def _env_list(config):
    return ["%s=%s" % (env.get("key", ""), env.get("value", "")) for env in config.get("envs") or []]


def container_json(view, pod_status=None, graph=None):
    info = view.info or {}
    config = info.get("config") or {}
    spec = info.get("runtimeSpec") or {}
    process = spec.get("process") or {}
    argv = view.command or []
    running = view.state == "running"
    linux = config.get("linux") or {}
    security = linux.get("security_context") or {}
    resources = linux.get("resources") or {}
    ip = ""
    if pod_status is not None:
        ip = pod_status.status.network.ip
    env = _env_list(config) or list(process.get("env") or [])
    return {
        "Id": view.id,
        "Created": timefmt.rfc3339_nano(view.created_ns),
        "Path": argv[0] if argv else "",
        "Args": argv[1:],
        "State": GoStruct({
            "Status": view.docker_state,
            "Running": running,
            "Paused": bool(view.paused and running),
            "Restarting": False,
            "OOMKilled": view.reason == "OOMKilled",
            "Dead": False,
            "Pid": int(info.get("pid") or 0) if running else 0,
            "ExitCode": view.exit_code,
            "Error": view.message if view.state == "exited" and view.exit_code else "",
            "StartedAt": timefmt.rfc3339_nano(view.started_ns),
            "FinishedAt": timefmt.rfc3339_nano(view.finished_ns),
        }, nil_fields=("Health",)),
        "Image": view.image_ref,
        "ResolvConfPath": "",
        "HostnamePath": "",
        "HostsPath": "",
        "LogPath": view.log_path,
        "Name": "/" + view.name,
        "RestartCount": int((config.get("metadata") or {}).get("attempt") or 0),
        "Driver": info.get("snapshotter", ""),
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "",
        "ExecIDs": None,
        "HostConfig": _host_config(view, config, security, resources, info),
        "GraphDriver": {"Data": go_map(graph) if graph else None,
                        "Name": info.get("snapshotter", "")},
        "Mounts": [{
            "Type": "bind", "Source": m.host_path, "Destination": m.container_path,
            "Mode": "ro" if m.readonly else "", "RW": not m.readonly,
            "Propagation": {0: "rprivate", 1: "rslave", 2: "rshared"}.get(m.propagation, ""),
        } for m in view.mounts],
        "Config": {
            "Hostname": spec.get("hostname", ""),
            "Domainname": "",
            "User": _user_of(process),
            "AttachStdin": bool(config.get("stdin")),
            "AttachStdout": False,
            "AttachStderr": False,
            "Tty": bool(config.get("tty")),
            "OpenStdin": bool(config.get("stdin")),
            "StdinOnce": bool(config.get("stdin_once")),
            "Env": env,
            "Cmd": list(config.get("args") or []) or None,
            "Image": view.image,
            "Volumes": None,
            "WorkingDir": config.get("working_dir") or process.get("cwd", ""),
            "Entrypoint": list(config.get("command") or []) or None,
            "OnBuild": None,
            "Labels": go_map(view.docker_labels),
        },
        "NetworkSettings": _network_settings(view, ip),
    }


NAMESPACE_MODES = {0: "", 1: "", 2: "host", 3: "container"}  # POD, CONTAINER, NODE, TARGET


def _empty_host_config():
    """docker 19.03's HostConfig with its empty values, in docker's order."""
    return {
        "Binds": None, "ContainerIDFile": "", "LogConfig": {"Type": "cri", "Config": GoMap()},
        "NetworkMode": "default", "PortBindings": GoMap(),
        "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0}, "AutoRemove": False,
        "VolumeDriver": "", "VolumesFrom": None, "CapAdd": None, "CapDrop": None,
        "CgroupnsMode": "host", "Dns": [], "DnsOptions": [], "DnsSearch": [], "ExtraHosts": None,
        "GroupAdd": None, "IpcMode": "private", "Cgroup": "", "Links": None, "OomScoreAdj": 0,
        "PidMode": "", "Privileged": False, "PublishAllPorts": False, "ReadonlyRootfs": False,
        "SecurityOpt": None, "UTSMode": "", "UsernsMode": "", "ShmSize": 0, "Runtime": "",
        "ConsoleSize": [0, 0], "Isolation": "", "CpuShares": 0, "Memory": 0, "NanoCpus": 0,
        "CgroupParent": "", "BlkioWeight": 0, "BlkioWeightDevice": [],
        "BlkioDeviceReadBps": None, "BlkioDeviceWriteBps": None, "BlkioDeviceReadIOps": None,
        "BlkioDeviceWriteIOps": None, "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0,
        "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "", "Devices": [],
        "DeviceCgroupRules": None, "DeviceRequests": None, "KernelMemory": 0,
        "KernelMemoryTCP": 0, "MemoryReservation": 0, "MemorySwap": 0,
        "MemorySwappiness": None, "OomKillDisable": False, "PidsLimit": None, "Ulimits": None,
        "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0, "IOMaximumBandwidth": 0,
        "MaskedPaths": None, "ReadonlyPaths": None,
    }


def _kubelet_container_modes(view, namespaces):
    """dockershim made a kubelet container join its pod's sandbox: NetworkMode and IpcMode
    "container:<sandbox id>" (scripts take the sandbox from there), PidMode too when the
    pod shares its process namespace; "host" for the node's namespaces."""
    if view.labels.get(DOCKER_TYPE_LABEL) != "container":
        return {}
    joined = "container:" + view.pod_id

    def mode(key, own):
        value = namespaces.get(key, 0)
        return "host" if value == 2 else joined if value == 0 else own
    return {"NetworkMode": mode("network", "default"), "IpcMode": mode("ipc", "private"),
            "PidMode": mode("pid", "")}


def _host_config(view, config, security, resources, info):
    """What CRI recorded, in docker's HostConfig; the rest keeps docker's empty values."""
    host = _empty_host_config()
    namespaces = security.get("namespace_options") or {}
    spec_linux = (info.get("runtimeSpec") or {}).get("linux") or {}
    host.update({
        "Binds": ["%s:%s%s" % (m.host_path, m.container_path, ":ro" if m.readonly else "")
                  for m in view.mounts] or None,
        "NetworkMode": "host" if namespaces.get("network") == 2 else "default",
        "PidMode": NAMESPACE_MODES.get(namespaces.get("pid", 0), ""),
        "IpcMode": "host" if namespaces.get("ipc") == 2 else "private",
        **_kubelet_container_modes(view, namespaces),
        "Privileged": bool(security.get("privileged")),
        "ReadonlyRootfs": bool(security.get("readonly_rootfs")),
        "CapAdd": (security.get("capabilities") or {}).get("add_capabilities"),
        "CapDrop": (security.get("capabilities") or {}).get("drop_capabilities"),
        "GroupAdd": [str(g) for g in security.get("supplemental_groups") or []] or None,
        "Memory": int(resources.get("memory_limit_in_bytes") or 0),
        "MemorySwap": int(resources.get("memory_swap_limit_in_bytes") or 0),
        "CpuShares": int(resources.get("cpu_shares") or 0),
        "CpuPeriod": int(resources.get("cpu_period") or 0),
        "CpuQuota": int(resources.get("cpu_quota") or 0),
        "CpusetCpus": resources.get("cpuset_cpus", ""),
        "CpusetMems": resources.get("cpuset_mems", ""),
        "OomScoreAdj": int(resources.get("oom_score_adj") or 0),
        "Devices": [{"PathOnHost": d.get("host_path", ""), "PathInContainer":
                     d.get("container_path", ""), "CgroupPermissions": d.get("permissions", "")}
                    for d in config.get("devices") or []],
        "AutoRemove": view.labels.get(RM_LABEL) == "true",
        "Runtime": info.get("runtimeType", ""),
        "MaskedPaths": spec_linux.get("maskedPaths"),
        "ReadonlyPaths": spec_linux.get("readonlyPaths"),
    })
    return host


def _network_settings(view, ip):
    """docker's NetworkSettings: the pod's IP where docker would put the bridge's."""
    endpoint = {"IPAMConfig": None, "Links": None, "Aliases": None, "NetworkID": "",
                "EndpointID": "", "Gateway": "", "IPAddress": ip, "IPPrefixLen": 0,
                "IPv6Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
                "MacAddress": "", "DriverOpts": None}
    return {
        "Bridge": "", "SandboxID": view.pod_id, "HairpinMode": False,
        "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0, "Ports": GoMap(),
        "SandboxKey": "", "SecondaryIPAddresses": None, "SecondaryIPv6Addresses": None,
        "EndpointID": "", "Gateway": "", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
        "IPAddress": ip, "IPPrefixLen": 0, "IPv6Gateway": "", "MacAddress": "",
        "Networks": GoMap({"cri": endpoint} if ip else {}),
    }


def _user_of(process):
    user = process.get("user") or {}
    uid, gid = user.get("uid", 0), user.get("gid", 0)
    if not uid and not gid:
        return ""
    return "%d:%d" % (uid, gid)


def image_json(image, status_response):
    info = views.verbose_info(status_response) or {}
    spec = info.get("imageSpec") or {}
    config = spec.get("config") or {}
    rootfs = spec.get("rootfs") or {}
    tags = [_familiar_ref(ref) for ref in image.repo_tags]
    digests = [_familiar_ref(ref) for ref in image.repo_digests]
    return {
        "Id": image.id,
        "RepoTags": tags,
        "RepoDigests": digests,
        "Parent": "",
        "Comment": "",
        "Created": spec.get("created", timefmt.ZERO_TIME),
        "Container": "",
        "ContainerConfig": _image_config({}),
        "DockerVersion": "",
        "Author": spec.get("author", ""),
        "Config": _image_config(config),
        "Architecture": spec.get("architecture", ""),
        "Os": spec.get("os", ""),
        "Size": int(image.size),
        "VirtualSize": int(image.size),
        "GraphDriver": {"Data": None, "Name": info.get("snapshotter", "")},
        "RootFS": {"Type": rootfs.get("type", "layers"), "Layers": rootfs.get("diff_ids", [])},
        "Metadata": {"LastTagTime": timefmt.ZERO_TIME},
    }


# docker's container.Config in its JSON order: (field, empty value, omitted when empty).
_CONFIG_FIELDS = (
    ("Hostname", "", False), ("Domainname", "", False), ("User", "", False),
    ("AttachStdin", False, False), ("AttachStdout", False, False),
    ("AttachStderr", False, False), ("ExposedPorts", None, True), ("Tty", False, False),
    ("OpenStdin", False, False), ("StdinOnce", False, False), ("Env", None, False),
    ("Cmd", None, False), ("Healthcheck", None, True), ("ArgsEscaped", False, True),
    ("Image", "", False), ("Volumes", None, False), ("WorkingDir", "", False),
    ("Entrypoint", None, False), ("NetworkDisabled", False, True), ("MacAddress", "", True),
    ("OnBuild", None, False), ("Labels", None, False), ("StopSignal", "", True),
    ("StopTimeout", None, True), ("Shell", None, True),
)


class GoMap(dict):
    """A Go map in a docker object (Labels, Networks, Ports...), not a struct: a key it
    lacks reads as <no value> in an inspect -f template, where a struct's unknown field
    is an error."""

    go_map = True


class GoStruct(dict):
    """A docker struct whose `nil_fields` are nil pointers: left out of its JSON, <nil> in
    a template (State.Health of a container without a health check)."""

    def __init__(self, fields, nil_fields=()):
        super().__init__(fields)
        self.nil_fields = tuple(nil_fields)


def go_map(mapping):
    """A Go map as docker's JSON writes it: keys sorted (the dicts that stand for structs
    keep their fields' order, so maps are sorted where they are made)."""
    return GoMap(sorted(mapping.items())) if isinstance(mapping, dict) else mapping


def _image_config(config):
    """An image's config as docker shows it: every field of container.Config."""
    out = {}
    for field, empty, omitempty in _CONFIG_FIELDS:
        value = config.get(field, empty)
        if field in ("ExposedPorts", "Volumes", "Labels"):
            value = go_map(value)
        if omitempty and not value:
            continue
        out[field] = value
    return out


def _familiar_ref(ref):
    repo, sep, rest = ref.partition("@") if "@" in ref else (None, None, None)
    if repo is not None:
        return names.familiar_repository(repo) + "@" + rest
    repo, tag = names.split_reference(ref)
    return "%s:%s" % (names.familiar_repository(repo), tag)


def pod_json(status_response):
    from dockercri.render.protojson import message_dict

    out = {"status": message_dict(status_response.status)}
    info = views.verbose_info(status_response)
    if info:
        out["info"] = info
    return out


def dump(documents):
    """docker prints inspect results as an indented JSON array."""
    return json.dumps(documents, indent=4, ensure_ascii=False)
