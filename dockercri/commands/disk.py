"""system df: docker's TYPE TOTAL ACTIVE SIZE RECLAIMABLE summary."""

from dockercri.render import humanize

RUNNING = 1


def _size(value):
    return humanize.human_size(value, 4)  # docker's units.HumanSize


def _reclaimable(reclaimable, total):
    if total > 0:
        return "%s (%d%%)" % (_size(reclaimable), reclaimable * 100 // total)
    return _size(reclaimable)


class DiskUsageContext:
    __go_type__ = "*formatter.diskUsageImagesContext"
    HEADERS = {"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE",
               "Reclaimable": "RECLAIMABLE"}
    DEFAULT = ("Type", "TotalCount", "Active", "Size", "Reclaimable")

    def __init__(self, kind, total, active, size, reclaimable):
        self.values = {"Type": kind, "TotalCount": str(total), "Active": str(active),
                       "Size": size, "Reclaimable": reclaimable}

    def __getattr__(self, name):
        values = self.__dict__.get("values", {})
        if name in values:
            return lambda: values[name]
        raise AttributeError(name)

    def as_json(self):
        return dict(self.values)


def summary(images, containers, stats, sandboxes=(), sandbox_image=""):
    """The four rows, from ListImages, ListContainers and ListContainerStats; kubelet pod
    sandboxes (ListPodSandbox) count as containers, with no writable layer CRI reports,
    and keep the runtime's sandbox image in use."""
    used_images = {c.image_ref for c in containers} | {c.image.image for c in containers}
    if sandboxes and sandbox_image:
        used_images.add(sandbox_image)
    image_total = sum(image.size for image in images)
    active_images = [image for image in images
                     if image.id in used_images or used_images & set(image.repo_tags)]
    image_used = sum(image.size for image in active_images)
    layer = {s.attributes.id: s.writable_layer.used_bytes.value for s in stats}
    container_total = sum(layer.get(c.id, 0) for c in containers)
    running = [c for c in containers if c.state == RUNNING]
    container_used = sum(layer.get(c.id, 0) for c in running)
    count = len(containers) + len(sandboxes)
    active = len(running) + sum(1 for pod in sandboxes if pod.state == 0)  # SANDBOX_READY
    return [
        DiskUsageContext("Images", len(images), len(active_images), _size(image_total),
                         _reclaimable(image_total - image_used, image_total)),
        DiskUsageContext("Containers", count, active, _size(container_total),
                         _reclaimable(container_total - container_used, container_total)),
        DiskUsageContext("Local Volumes", 0, 0, _size(0), _size(0)),
        DiskUsageContext("Build Cache", 0, 0, _size(0), _size(0)),
    ]


def run_system_df(intent, plan, session):
    from dockercri.plan.common import refuse_if_needed
    from dockercri.render.output import write

    refuse_if_needed(plan, session)
    results = session.executor.execute(plan, session)
    from dockercri import names
    from dockercri.verbose import configured_sandbox_image
    sandboxes = [pod for pod in results["pods"].items if not names.is_managed(pod)]
    rows = summary(list(results["images"].images), list(results["containers"].containers),
                   list(results["stats"].stats), sandboxes,
                   configured_sandbox_image(results["status"]))
    write(session, intent.opt("format"), rows, DiskUsageContext.DEFAULT, DiskUsageContext.HEADERS)
    return 0
