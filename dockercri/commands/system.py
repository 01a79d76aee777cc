"""version, info, imagefsinfo."""

import os
import platform

from dockercri import __version__
from dockercri.errors import RuntimeUnavailable
from dockercri.plan.common import refuse_if_needed
from dockercri.render import humanize, views


def _arch():
    machine = platform.machine()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def client_lines():
    return [
        "Client:",
        " Version:           %s" % __version__,
        " API version:       1.40",
        " Python version:    %s" % platform.python_version(),
        " OS/Arch:           linux/%s" % _arch(),
        " Experimental:      false",
    ]


class _GoFields(dict):
    """A docker version object for templates: Go's field is APIVersion, its JSON key
    ApiVersion, so `{{.Client.APIVersion}}` works and `{{json .Client}}` says ApiVersion."""

    def __contains__(self, name):
        if name == "ApiVersion":
            return False
        return dict.__contains__(self, "ApiVersion" if name == "APIVersion" else name)

    def __getitem__(self, name):
        return dict.__getitem__(self, "ApiVersion" if name == "APIVersion" else name)


def client_info():
    return _GoFields({"Platform": {"Name": "dockercri"}, "Version": __version__, "ApiVersion": "1.40",
            "DefaultAPIVersion": "1.40", "GitCommit": "", "GoVersion": "",
            "Os": "linux", "Arch": _arch(), "BuildTime": "", "Experimental": False,
            "PythonVersion": platform.python_version()})


def server_info(version, endpoint, client_api):
    """docker's version.Server shape, filled from CRI's VersionResponse."""
    return _GoFields({"Platform": {"Name": version.runtime_name},
            "Components": [{"Name": version.runtime_name, "Version": version.runtime_version,
                            "Details": {"ApiVersion": version.runtime_api_version,
                                        "Endpoint": endpoint}}],
            "Version": version.runtime_version, "ApiVersion": version.runtime_api_version,
            "MinAPIVersion": "", "GitCommit": "", "GoVersion": "", "Os": "linux",
            "Arch": _arch(), "KernelVersion": os.uname().release, "BuildTime": "",
            "CRIVersion": version.version, "CRIClientAPI": "runtime." + client_api})


def _formatted(session, fmt, data):
    from dockercri.errors import PlainError
    from dockercri.gotemplate import Template, TemplateError
    try:
        session.out(Template.parse(fmt).execute(data, strict_fields=False))
    except TemplateError as error:
        raise PlainError("Template parsing error: %s" % error, exit_code=1)


def run_version(intent, plan, session):
    refuse_if_needed(plan, session)
    fmt = intent.opt("format")
    if not fmt:
        session.out("\n".join(client_lines()))
    try:
        results = session.executor.run(plan)
    except RuntimeUnavailable:
        if fmt:
            _formatted(session, fmt, {"Client": client_info(), "Server": None})
        raise
    version = results["version"]
    cri = session.executor.cri
    if fmt:
        _formatted(session, fmt, {"Client": client_info(), "Server": server_info(
            version, cri.endpoint("RuntimeService"), cri.version)})
        return 0
    session.out("")
    session.out("\n".join([
        "Server: %s" % version.runtime_name,
        " Engine:",
        "  Version:          %s" % version.runtime_version,
        "  API version:      %s (CRI)" % version.runtime_api_version,
        "  Endpoint:         %s" % cri.endpoint("RuntimeService"),
        " CRI:",
        "  Version:          %s" % version.version,
        "  Client API:       runtime.%s" % cri.version,
    ]))
    return 0


def _meminfo_total():
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _os_name():
    try:
        with open("/etc/os-release") as handle:
            for line in handle:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system()


def run_info(intent, plan, session):
    refuse_if_needed(plan, session)
    results = session.executor.run(plan)
    version, status = results["version"], results["status"]
    containers = list(results["containers"].containers)
    running = sum(1 for c in containers if c.state == 1)
    info = views.verbose_info(status) or {}
    config = info.get("config") or {}
    conditions = [(c.type, c.status, c.reason, c.message) for c in status.status.conditions]
    lines = ["Client:", " Debug Mode: %s" % str(session.config.debug).lower(), "",
             "Server:",
             " Containers: %d" % len(containers),
             "  Running: %d" % running,
             "  Paused: 0",
             "  Stopped: %d" % (len(containers) - running),
             " Images: %d" % len(results["images"].images),
             " Server Version: %s %s" % (version.runtime_name, version.runtime_version),
             " CRI API Version: %s" % version.runtime_api_version]
    containerd = config.get("containerd") or {}
    if containerd.get("snapshotter"):
        lines.append(" Storage Driver: %s" % containerd["snapshotter"])
    lines.append(" Logging Driver: cri (files in the CRI log format)")
    if config:
        lines.append(" Cgroup Driver: %s" % ("systemd" if config.get("systemdCgroup") else "cgroupfs"))
    runtimes = sorted((containerd.get("runtimes") or {}).keys())
    if runtimes:
        lines.append(" Runtimes: %s" % " ".join(runtimes))
        lines.append(" Default Runtime: %s" % containerd.get("defaultRuntimeName", runtimes[0]))
    lines.append(" Runtime Conditions:")
    for kind, ok, reason, message in conditions:
        lines.append("  %s: %s%s" % (kind, str(ok).lower(),
                                     " (%s: %s)" % (reason, message) if not ok else ""))
    uname = os.uname()
    lines += [
        " Kernel Version: %s" % uname.release,
        " Operating System: %s" % _os_name(),
        " OSType: linux",
        " Architecture: %s" % uname.machine,
        " CPUs: %d" % (os.cpu_count() or 1),
        " Total Memory: %s" % humanize.bytes_size(_meminfo_total()),
        " Name: %s" % uname.nodename,
        " Docker Root Dir: %s" % (config.get("containerdRootDir") or "N/A"),
        " Debug Mode: %s" % str(session.config.debug).lower(),
        " Endpoint: %s" % session.executor.cri.endpoint("RuntimeService"),
    ]
    registries = (config.get("registry") or {}).get("configPath")
    if registries:
        lines.append(" Registry Config: %s" % registries)
    if intent.opt("format"):
        _formatted(session, intent.opt("format"), {
            "ID": "", "Containers": len(containers), "ContainersRunning": running,
            "ContainersPaused": 0, "ContainersStopped": len(containers) - running,
            "Images": len(results["images"].images),
            "Driver": containerd.get("snapshotter", ""), "LoggingDriver": "cri",
            "CgroupDriver": "systemd" if config.get("systemdCgroup") else "cgroupfs",
            "KernelVersion": uname.release, "OperatingSystem": _os_name(), "OSType": "linux",
            "Architecture": uname.machine, "NCPU": os.cpu_count() or 1,
            "MemTotal": _meminfo_total(), "Name": uname.nodename,
            "ServerVersion": "%s %s" % (version.runtime_name, version.runtime_version),
            "DockerRootDir": config.get("containerdRootDir") or "",
            "Runtimes": {name: {} for name in runtimes},
            "DefaultRuntime": containerd.get("defaultRuntimeName", ""),
            "Conditions": {kind: ok for kind, ok, _, _ in conditions}})
        return 0
    session.out("\n".join(lines))
    return 0


def run_imagefsinfo(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.render.protojson import messages_json
    results = session.executor.run(plan)
    filesystems = list(results["fsinfo"].image_filesystems)
    for fs in filesystems:
        session.out(messages_json({"status": fs}))
    return 0
