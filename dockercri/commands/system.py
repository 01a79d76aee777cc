"""version, info, imagefsinfo."""

import os
import platform
import re

from dockercri import names
from dockercri.errors import DockerCLIError, RuntimeUnavailable
from dockercri.plan.common import refuse_if_needed
from dockercri.render import humanize, views


def runc_version(context, request):
    """Node step: (version, commit) from `runc --version`, or None without runc."""
    import shutil
    import subprocess

    runc = shutil.which("runc", path=os.environ.get("PATH", "") + ":/usr/sbin:/usr/local/sbin")
    if runc is None:
        return None
    try:
        text = subprocess.run([runc, "--version"], capture_output=True, text=True,
                              timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    version = re.search(r"^runc version (\S+)", text, re.M)
    commit = re.search(r"^commit: (\S+)", text, re.M)
    if version is None:
        return None
    return version.group(1), commit.group(1) if commit else ""


def _version_template(fmt):
    from dockercri.errors import PlainError
    from dockercri.gotemplate import Template, TemplateError
    try:
        return Template.parse(fmt, name="version")
    except TemplateError as error:
        raise PlainError("Template parsing error: %s" % error, exit_code=64)


def _formatted(session, fmt, data):
    """docker's version --format: the template runs over docker's structs, so an unknown
    field fails (exit 1) with what was printed before it, as docker does."""
    from dockercri.errors import PlainError
    from dockercri.gotemplate import TemplateError
    template = _version_template(fmt)
    try:
        text = template.execute(data, strict_fields=True)
    except TemplateError as error:
        session.out(error.partial)
        raise PlainError(str(error), exit_code=1)
    session.out(text)


def run_version(intent, plan, session):
    from dockercri.render import version as docker_version

    refuse_if_needed(plan, session)
    fmt = intent.opt("format")
    client = docker_version.client_version()
    if fmt:
        _version_template(fmt)  # a template that does not parse fails before anything runs
    else:
        session.out(docker_version.client_text(client))
    try:
        results = session.executor.execute(plan, session)
    except RuntimeUnavailable:
        if fmt:
            try:
                _formatted(session, fmt, docker_version.VersionInfo(
                    Client=client, Server=docker_version.NoServer()))
            except DockerCLIError:
                pass  # docker reports the connection, not the template that then failed
        raise
    cri = session.executor.cri
    server = docker_version.server_version(results["version"], cri.endpoint("RuntimeService"),
                                           cri.version, results["runc"])
    if fmt:
        _formatted(session, fmt, docker_version.VersionInfo(Client=client, Server=server))
        return 0
    session.out("")
    session.out(docker_version.server_text(server))
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


def _info_formatted(session, fmt, data):
    from dockercri.errors import PlainError
    from dockercri.gotemplate import Template, TemplateError
    try:
        session.out(Template.parse(fmt).execute(data, strict_fields=False))
    except TemplateError as error:
        raise PlainError("Template parsing error: %s" % error, exit_code=1)


def run_info(intent, plan, session):
    from dockercri.render.version import DOCKER_VERSION

    refuse_if_needed(plan, session)
    results = session.executor.execute(plan, session)
    runc = results["runc"]
    version, status = results["version"], results["status"]
    # (id, running) of each container and kubelet pod sandbox, as ps -a lists them
    containers = [(c.id, c.state == 1) for c in results["containers"].containers] + [
        (pod.id, pod.state == 0) for pod in results["pods"].items if not names.is_managed(pod)]
    paused = sum(1 for ident, up in containers if up and ident in (results["paused"] or ()))
    running = sum(1 for _, up in containers if up) - paused
    stopped = len(containers) - running - paused
    info = views.verbose_info(status) or {}
    config = info.get("config") or {}
    conditions = [(c.type, c.status, c.reason, c.message) for c in status.status.conditions]
    lines = ["Client:", " Debug Mode: %s" % str(session.config.debug).lower(), "",
             "Server:",
             " Containers: %d" % len(containers),
             "  Running: %d" % running,
             "  Paused: %d" % paused,
             "  Stopped: %d" % stopped,
             " Images: %d" % len(results["images"].images),
             " Server Version: %s" % DOCKER_VERSION,
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
    lines.append(" %s version: %s" % (version.runtime_name, version.runtime_version))
    if runc:
        lines.append(" runc version: %s" % (runc[1] or runc[0]))
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
        _info_formatted(session, intent.opt("format"), {
            "ID": "", "Containers": len(containers), "ContainersRunning": running,
            "ContainersPaused": paused, "ContainersStopped": stopped,
            "Images": len(results["images"].images),
            "Driver": containerd.get("snapshotter", ""), "LoggingDriver": "cri",
            "CgroupDriver": "systemd" if config.get("systemdCgroup") else "cgroupfs",
            "KernelVersion": uname.release, "OperatingSystem": _os_name(), "OSType": "linux",
            "Architecture": uname.machine, "NCPU": os.cpu_count() or 1,
            "MemTotal": _meminfo_total(), "Name": uname.nodename,
            "ServerVersion": DOCKER_VERSION,
            "ContainerdCommit": {"ID": version.runtime_version, "Expected": version.runtime_version},
            "RuncCommit": {"ID": runc[1] if runc else "", "Expected": runc[1] if runc else ""},
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
    results = session.executor.execute(plan, session)
    filesystems = list(results["fsinfo"].image_filesystems)
    for fs in filesystems:
        session.out(messages_json({"status": fs}))
    return 0
