"""A container's resource figures read on the node, where CRI has none: its memory limit,
pid count and block I/O from its cgroup, its network I/O from its network namespace; and for
a kubelet pod's sandbox, which CRI (v1.19) reports no stats for, its CPU time and memory
working set too.

The process is found by the pid the runtime reports; its cgroup by /proc/PID/cgroup
(cgroup v1 controllers, the v2 unified hierarchy, or both, as on hybrid nodes)."""

import os
import time

ROOT = "/sys/fs/cgroup"


def _read(path):
    try:
        with open(path) as handle:
            return handle.read()
    except OSError:
        return None


def cgroup_paths(pid):
    """{controller: the folder of that controller's cgroup}, "" the unified (v2) one."""
    text = _read("/proc/%d/cgroup" % pid) or ""
    found = {}
    for line in text.splitlines():
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            unified = os.path.join(ROOT, "unified")
            base = unified if os.path.isdir(unified) else ROOT
            found[""] = base + path
            continue
        for controller in controllers.split(","):
            found[controller] = os.path.join(ROOT, controller) + path
    return found


def memory_limit(paths):
    """Bytes, or None when the cgroup sets none (docker then shows the node's memory)."""
    for folder, name in ((paths.get("memory"), "memory.limit_in_bytes"),
                         (paths.get(""), "memory.max")):
        value = _read(os.path.join(folder, name)) if folder else None
        if value is None:
            continue
        value = value.strip()
        if value == "max" or not value.isdigit() or int(value) >= 1 << 62:
            return None
        return int(value)
    return None


def pid_count(paths):
    for folder in (paths.get("pids"), paths.get("")):
        value = _read(os.path.join(folder, "pids.current")) if folder else None
        if value is not None and value.strip().isdigit():
            return int(value)
    return None


def block_io(paths):
    """(bytes read, bytes written)."""
    v1 = paths.get("blkio")
    text = _read(os.path.join(v1, "blkio.throttle.io_service_bytes")) if v1 else None
    if text is not None:
        read = written = 0
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == "Read":
                read += int(parts[2])
            elif len(parts) == 3 and parts[1] == "Write":
                written += int(parts[2])
        return read, written
    text = _read(os.path.join(paths[""], "io.stat")) if paths.get("") else None
    if text is None:
        return None
    read = written = 0
    for line in text.splitlines():
        for field in line.split()[1:]:
            key, _, value = field.partition("=")
            if key == "rbytes":
                read += int(value)
            elif key == "wbytes":
                written += int(value)
    return read, written


def frozen(pid):
    """Whether the cgroup freezer holds the process (docker's "paused"): v1's
    freezer.state, or v2's cgroup.freeze."""
    paths = cgroup_paths(pid)
    if paths.get("freezer"):
        state = _read(os.path.join(paths["freezer"], "freezer.state"))
        return state is not None and state.strip() in ("FROZEN", "FREEZING")
    value = _read(os.path.join(paths[""], "cgroup.freeze")) if paths.get("") else None
    return value is not None and value.strip() == "1"


def cpu_time(paths):
    """Nanoseconds of CPU the cgroup has used (cpuacct on v1, cpu.stat on v2)."""
    folder = paths.get("cpuacct")
    value = _read(os.path.join(folder, "cpuacct.usage")) if folder else None
    if value is not None and value.strip().isdigit():
        return int(value)
    text = _read(os.path.join(paths[""], "cpu.stat")) if paths.get("") else None
    for line in (text or "").splitlines():
        key, _, number = line.partition(" ")
        if key == "usage_usec" and number.strip().isdigit():
            return int(number) * 1000
    return None


def memory_working_set(paths):
    """Usage less the inactive file cache: the working set, the figure CRI reports (and
    the kubelet evicts by) for containers."""
    for folder, usage, inactive in ((paths.get("memory"), "memory.usage_in_bytes",
                                     "total_inactive_file"),
                                    (paths.get(""), "memory.current", "inactive_file")):
        value = _read(os.path.join(folder, usage)) if folder else None
        if value is None or not value.strip().isdigit():
            continue
        cache = 0
        for line in (_read(os.path.join(folder, "memory.stat")) or "").splitlines():
            key, _, number = line.partition(" ")
            if key == inactive and number.strip().isdigit():
                cache = int(number)
        return max(0, int(value) - cache)
    return None


def network_io(pid):
    """(bytes received, bytes sent) over the interfaces of its network namespace but lo."""
    text = _read("/proc/%d/net/dev" % pid)
    if text is None:
        return None
    received = sent = 0
    for line in text.splitlines()[2:]:
        name, _, numbers = line.partition(":")
        fields = numbers.split()
        if name.strip() == "lo" or len(fields) < 9:
            continue
        received += int(fields[0])
        sent += int(fields[8])
    return received, sent


def _alive(pid):
    return pid > 0 and os.path.exists("/proc/%d" % pid)


def figures(pid, paths=None):
    """What stats shows beside CRI's CPU and memory usage, for a running process."""
    if not _alive(pid):
        return {}
    paths = paths or cgroup_paths(pid)
    return {"memory_limit": memory_limit(paths), "pids": pid_count(paths),
            "block_io": block_io(paths), "net_io": network_io(pid)}


def usage(pid, paths=None):
    """A sandbox's CPU time and working set, with the moment they were read: CPU % is the
    CPU time used between two readings over the wall time between them."""
    if not _alive(pid):
        return {}
    paths = paths or cgroup_paths(pid)
    return {"cpu_time": cpu_time(paths), "memory": memory_working_set(paths),
            "read_at": time.monotonic()}


def _pids(statuses):
    from dockercri.verbose import verbose_info
    for status in statuses or ():
        if status is not None:
            yield status.status.id, int((verbose_info(status) or {}).get("pid") or 0)


def read_sandboxes(context, request):
    """Node step: {sandbox id: usage} for each sandbox whose pid step 'sandbox_pids' found
    (the first reading; the node step after the second sample takes the next)."""
    return {sandbox_id: usage(pid) for sandbox_id, pid in _pids(context["sandbox_pids"])}


def read_each(context, request):
    """Node step: {container or sandbox id: figures} for each one whose pid steps 'pids'
    and 'sandbox_pids' found; a sandbox's figures carry its usage too."""
    out = {container_id: figures(pid) for container_id, pid in _pids(context["pids"])}
    for sandbox_id, pid in _pids(context["sandbox_pids"]):
        paths = cgroup_paths(pid) if _alive(pid) else None  # one read for both
        out[sandbox_id] = dict(figures(pid, paths), **usage(pid, paths))
    return out
