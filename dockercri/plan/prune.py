"""system prune: dockercri's own stopped containers (pods of their own), then the images
no container uses. Kubelet pods and the runtime's sandbox image are never touched; CRI has
no networks, volumes or build cache to prune."""

from dockercri.plan.invalid import rejects
from dockercri import filters, names
from dockercri.labels import MANAGED_LABEL
from dockercri.mapping import transforms
from dockercri.plan.common import start
from dockercri.plan.model import Check, Ref, Step
from dockercri.verbose import verbose_info

MANAGED = {"filter": {"label_selector": {MANAGED_LABEL: "true"}}}
HERE = "dockercri.plan.prune:"
RUNNING = 1
PRUNE_FILTERS = ("until", "label", "label!")


@rejects
def plan_system_prune(intent, command):
    prune_filters(intent)  # docker's daemon checks the filter before removing anything
    plan = start(command, intent)
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", MANAGED,
                  why=("only dockercri's own pods; kubelet pods are never touched",)))
    plan.add(Step("own", "RuntimeService.ListContainers", MANAGED))
    plan.add(Step("remove", "RuntimeService.RemovePodSandbox",
                  {"pod_sandbox_id": Ref("@each", "pod_sandbox_id", "pod of each stopped container")},
                  each=Ref("own", "containers", "containers"), optional=True,
                  where=Check(HERE + "stopped_and_wanted",
                              "containers of step 2 that are not running, in pods of their own, "
                              "matching --filter", (intent,)),
                  action="remove each stopped container with its pod"))
    plan.add(Step("status", "RuntimeService.Status", {"verbose": True},
                  why=("the runtime's sandbox image, which pods need and prune keeps",)))
    plan.add(Step("containers", "RuntimeService.ListContainers", {},
                  why=("every container left, the kubelet's too: their images are in use",)))
    plan.add(Step("images", "ImageService.ListImages", {}))
    plan.add(Step("image_status", "ImageService.ImageStatus",
                  {"image": {"image": Ref("@each", "id", "each unused image id")}, "verbose": True},
                  each=Ref("images", "images", "images"), optional=True,
                  where=Check(HERE + "unused_image", "images no container uses"),
                  when=Check(HERE + "filters_need_image_config", "only with until= or label=",
                             (intent,)),
                  why=("the image config's creation time and labels, for --filter",)))
    plan.add(Step("rmi", "ImageService.RemoveImage",
                  {"image": {"image": Ref("@each", "id", "each image to remove")}},
                  each=Ref("images", "images", "images"), optional=True,
                  where=Check(HERE + "image_to_remove",
                              "unused images: untagged ones, or all with -a; matching --filter",
                              (intent,)),
                  action="remove each unused image"))
    plan.crictl += ["crictl rmp $(crictl pods -q --state notready --label %s=true)" % MANAGED_LABEL,
                    "crictl rmi --prune"]
    return plan


def prune_filters(intent):
    return filters.parse([transforms.filter_pair(raw) for raw in intent.opt("filter") or ()],
                         PRUNE_FILTERS)


def _until_ns(wanted):
    values = wanted.get("until")
    return min(transforms.log_time(value) for value in values) if values else None


def _labels_match(labels, wanted):
    for value in wanted.get("label", ()):
        key, eq, want = value.partition("=")
        if key not in labels or (eq and labels[key] != want):
            return False
    for value in wanted.get("label!", ()):
        key, eq, want = value.partition("=")
        if key in labels and (not eq or labels[key] == want):
            return False
    return True


def stopped_and_wanted(context, intent):
    return container_to_remove(context.item, intent)


def container_to_remove(container, intent):
    """A stopped container of dockercri's own, in a pod of its own, matching --filter."""
    if container.state == RUNNING or not names.owns_pod(container):
        return False
    wanted = prune_filters(intent)
    until = _until_ns(wanted)
    if until is not None and container.created_at >= until:
        return False
    return _labels_match(dict(container.labels), wanted)


def _unused(results, image):
    used = set()
    for container in results["containers"].containers:
        used.add(container.image_ref)
        used.add(container.image.image)
    if getattr(image, "pinned", False) or image.id in used:
        return False
    config = (verbose_info(results["status"]) or {}).get("config") or {}
    keep = {config["sandboxImage"]} if config.get("sandboxImage") else set()
    return not (keep & set(image.repo_tags) or image.id in keep)


def unused_image(context):
    return _unused(context.results, context.item)


def _needs_config(intent):
    wanted = prune_filters(intent)
    return bool(wanted.get("until") or wanted.get("label") or wanted.get("label!"))


def filters_need_image_config(context, intent):
    return _needs_config(intent)


def image_to_remove(context, intent):
    return removable_image(context.results, context.item, intent)


def removable_image(results, image, intent):
    """An image no container uses: untagged, or any with -a; matching --filter."""
    if not _unused(results, image):
        return False
    if not intent.opt("all") and image.repo_tags:
        return False
    if not _needs_config(intent):
        return True
    candidates = [i for i in results["images"].images if _unused(results, i)]
    status = dict(zip([i.id for i in candidates], results["image_status"] or [])).get(image.id)
    return image_matches(status, prune_filters(intent))


def image_matches(status, wanted):
    """until= and label=/label!= on an image, from its config (ImageStatus verbose: the
    creation time and labels that CRI's Image message lacks)."""
    spec = ((verbose_info(status) or {}).get("imageSpec") or {}) if status else {}
    until = _until_ns(wanted)
    if until is not None:
        from dockercri.logs.parse import parse_timestamp
        try:
            created = parse_timestamp(spec.get("created") or "")
        except ValueError:
            created = 0
        if created >= until:
            return False
    return _labels_match((spec.get("config") or {}).get("Labels") or {}, wanted)
