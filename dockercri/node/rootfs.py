"""A container's root filesystem as the node sees it: the runtime mounts it (an overlay of
the image's layers and the container's writable layer) at <state>/<task>/<id>/rootfs, and
docker's inspect shows that overlay as GraphDriver.Data."""

import os

MOUNTINFO = "/proc/self/mountinfo"


def parse_mountinfo(text):
    """{container id: GraphDriver.Data} for each overlay mounted at .../<id>/rootfs."""
    found = {}
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        dash = fields.index("-")
        mount_point = fields[4]
        if dash + 3 >= len(fields) or fields[dash + 1] != "overlay":
            continue
        parts = mount_point.rstrip("/").split("/")
        if len(parts) < 2 or parts[-1] != "rootfs":
            continue
        options = dict(option.partition("=")[::2] for option in fields[dash + 3].split(","))
        if "upperdir" not in options:
            continue
        found[parts[-2]] = {"LowerDir": options.get("lowerdir", ""), "MergedDir": mount_point,
                            "UpperDir": options["upperdir"],
                            "WorkDir": options.get("workdir", "")}
    return found


def task_pids(mounts):
    """{id: pid of its task} for each container or sandbox whose root is mounted: the
    runtime keeps the task's pid beside the rootfs, in its bundle (init.pid)."""
    found = {}
    for container_id, data in mounts.items():
        try:
            with open(os.path.join(os.path.dirname(data["MergedDir"]), "init.pid")) as handle:
                found[container_id] = int(handle.read().strip() or 0)
        except (OSError, ValueError):
            continue
    return found


def frozen_ids(context, request):
    """Node step: the ids of the running containers and sandboxes that the cgroup freezer
    holds (`docker pause`, done with ctr: CRI has no paused state to report)."""
    from dockercri.node.cgroups import frozen
    mounts = context["rootfs"]  # inspect read the mounts already; ps and info have not
    if mounts is None:
        mounts = overlay_mounts(context, request)
    return {container_id for container_id, pid in task_pids(mounts).items()
            if pid > 0 and frozen(pid)}


def overlay_mounts(context, request):
    try:
        with open(MOUNTINFO) as handle:
            return parse_mountinfo(handle.read())
    except OSError:
        return {}


def tree_size(top):
    """Bytes in the files below `top`, each inode once (docker's measure of a writable
    layer: the sizes of what the container wrote, not the blocks the disk gave them)."""
    total, seen, pending = 0, set(), [top]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if (info.st_dev, info.st_ino) not in seen:
                seen.add((info.st_dev, info.st_ino))
                total += info.st_size
    return total


def writable_sizes(context, request):
    """Node step: {container id: size of its writable layer} for each container whose root
    filesystem is mounted (a running one), measured now; the runtime's own figure is only
    refreshed every few seconds (containerd: stats_collect_period)."""
    return {container_id: tree_size(data["UpperDir"])
            for container_id, data in overlay_mounts(context, request).items()}
