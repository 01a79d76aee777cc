"""A container's root filesystem as the node sees it: the runtime mounts it (an overlay of
the image's layers and the container's writable layer) at <state>/<task>/<id>/rootfs, and
docker's inspect shows that overlay as GraphDriver.Data."""

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


def overlay_mounts(context, request):
    try:
        with open(MOUNTINFO) as handle:
            return parse_mountinfo(handle.read())
    except OSError:
        return {}
