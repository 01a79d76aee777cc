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


def run_version(intent, plan, session):
    refuse_if_needed(plan, session)
    lines = client_lines()
    session.out("\n".join(lines))
    try:
        results = session.executor.run(plan)
    except RuntimeUnavailable:
        raise
    version = results["version"]
    cri = session.executor.cri
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
