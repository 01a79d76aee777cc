"""A container's resource figures read on the node, where CRI has none: its memory limit,
pid count and block I/O from its cgroup, its network I/O from its network namespace.

The process is found by the pid the runtime reports; its cgroup by /proc/PID/cgroup
(cgroup v1 controllers, the v2 unified hierarchy, or both, as on hybrid nodes)."""

import os

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


def figures(pid):
    """What stats shows beside CRI's CPU and memory usage, for a running process."""
    if pid <= 0 or not os.path.exists("/proc/%d" % pid):
        return {}
    paths = cgroup_paths(pid)
    return {"memory_limit": memory_limit(paths), "pids": pid_count(paths),
            "block_io": block_io(paths), "net_io": network_io(pid)}


def read_each(context, request):
    """Node step: {container id: figures} for each container whose pid step 'pids' found."""
    from dockercri.verbose import verbose_info
    out = {}
    for status in context["pids"] or ():
        if status is None:
            continue
        pid = int((verbose_info(status) or {}).get("pid") or 0)
        out[status.status.id] = figures(pid)
    return out
