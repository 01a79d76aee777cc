"""top: the node's `ps` output, kept to the processes of the container's cgroups (docker's
own method: it runs ps on the host and keeps the rows whose PID is in the container)."""

import os
import subprocess

from dockercri.errors import DockerCLIError, daemon_error
from dockercri.verbose import verbose_info

RUNNING = 1  # ContainerState.CONTAINER_RUNNING


def _cgroups(pid):
    try:
        with open("/proc/%d/cgroup" % pid) as handle:
            return handle.read()
    except OSError:
        return None


def container_pids(pid):
    """Every process whose cgroups are the container's first process's cgroups."""
    own = _cgroups(pid)
    if own is None:
        return set()
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and _cgroups(int(entry)) == own:
            found.add(int(entry))
    return found


def parse_ps(output, pids):
    """(header, rows) of the ps lines whose PID is one of `pids`; the last column keeps its
    spaces, as docker's parser does."""
    lines = [line for line in output.splitlines() if line.strip()]
    if not lines:
        raise daemon_error("Couldn't find PID field in ps output")
    header = lines[0].split()
    if "PID" not in header:
        raise daemon_error("Couldn't find PID field in ps output")
    at = header.index("PID")
    rows = []
    for line in lines[1:]:
        fields = line.split(None, len(header) - 1)
        try:
            pid = int(fields[at])
        except (ValueError, IndexError):
            raise daemon_error("Unexpected pid '%s': invalid syntax" % fields[at])
        if pid in pids:
            rows.append(fields + [""] * (len(header) - len(fields)))
    return header, rows


def top(context, request):
    status = context["status"]
    running = status is not None and status.status.state == RUNNING
    if status is None:  # a kubelet pod's sandbox: ready means running
        status = context["sandbox"]
        running = status.status.state == 0
    container_id = status.status.id
    info = verbose_info(status) or {}
    pid = int(info.get("pid") or 0)
    if not running or not pid:
        raise daemon_error("Container %s is not running" % container_id)
    args = request.get("ps_args") or ["-ef"]
    try:
        proc = subprocess.run(["ps"] + list(args), capture_output=True, text=True, timeout=30)
    except OSError as error:
        raise DockerCLIError("Error response from daemon: ps: %s" % error, exit_code=1)
    if proc.returncode != 0:
        raise daemon_error("ps: %s" % (proc.stderr.strip() or "exit status %d" % proc.returncode))
    return parse_ps(proc.stdout, container_pids(pid))
