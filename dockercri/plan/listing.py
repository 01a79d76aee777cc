"""ps, images, pods: lists, where docker's flags become CRI filters or client-side work.

A listing asks only for what its output needs: the columns of the default table, the
fields a --format template names, what -q and the filters look at. `ps -q` is one
ListContainers; `ps --format '{{.Names}}'` adds only ListPodSandbox; the default table
adds one status per container (brief, verbose only where the command is not in
dockercri's label) and, for kubelet pod sandboxes, the runtime's configured sandbox
image and each running sandbox's OCI spec read on the node.
"""

import re

from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Check, Ref, Step

HERE = "dockercri.plan.listing"
NODE = "dockercri.node.listing"

# What each placeholder of docker's container context needs beyond the two lists:
# "status" a brief ContainerStatus (times, exit code, mounts, the image's name),
# "command" the command (a label, else the verbose status), "names" the pod list,
# "sandbox_image"/"sandbox_command" the same for the k8s_POD_ rows.
PS_FIELD_NEEDS = {
    "ID": (), "CreatedAt": (), "RunningFor": (), "Ports": (), "State": ("paused",), "Labels": (),
    "Label": (), "Networks": (), "LocalVolumes": (), "Size": ("sandbox_image",),
    "Names": ("names",),
    "Image": ("status", "sandbox_image"),
    "Command": ("command", "sandbox_command"),
    "Status": ("status", "paused"),
    "Mounts": ("status",),
}
PS_DEFAULT = ("ID", "Image", "Command", "RunningFor", "Status", "Ports", "Names")
PS_FILTER_NEEDS = {"id": (), "label": (), "status": ("paused",), "name": ("names",),
                   "before": ("names",), "since": ("names",), "exited": ("status",),
                   "ancestor": ("status", "sandbox_image"), "volume": ("status",)}
EVERYTHING = frozenset(need for needs in PS_FIELD_NEEDS.values() for need in needs)
CRI_STATES = {"created": "CONTAINER_CREATED", "running": "CONTAINER_RUNNING",
              "exited": "CONTAINER_EXITED"}
WHOLE_ID = re.compile(r"^[0-9a-f]{64}$")


def shows_all(intent):
    """-n and -l imply -a in docker."""
    return bool(intent.opt("all")) or (intent.opt("last") or 0) > 0 or bool(intent.opt("latest"))


def _filter_pairs(intent):
    pairs = []
    for raw in intent.opt("filter") or ():
        key, _, value = raw.partition("=")
        pairs.append((key.strip().lower(), value))
    return pairs


def _filters_need_all(intent):
    """status= and exited= filters look at every state, as docker's do."""
    return any(key in ("status", "exited") for key, _ in _filter_pairs(intent))


def wants_size(intent):
    """-s, or a --format that prints .Size (or the whole context, as {{json .}} does):
    docker's client then asks for sizes by itself, so SIZE is never a blank."""
    if intent.opt("size"):
        return True
    if intent.opt("quiet") or not intent.opt("format"):
        return False
    fields = template_fields(intent.opt("format"))
    return fields is None or "Size" in fields


def template_fields(fmt):
    """The placeholders a --format template names; None when it prints the whole
    context ({{json .}}, {{.}}) or the names cannot be told."""
    if not fmt or fmt.strip() == "table":
        return PS_DEFAULT
    body = fmt.strip()
    if body.startswith("table"):
        body = body[len("table"):]
    if re.search(r"(?<![\w)\]])\.(?![A-Za-z_])", body) or "$" in body:
        return None
    names = re.findall(r"\.([A-Za-z_]\w*)", body)
    if any(name not in PS_FIELD_NEEDS for name in names):
        return None
    return tuple(names)


def ps_needs(intent):
    """What beyond ListContainers the output of this ps needs (a frozenset of words)."""
    filters = _filter_pairs(intent)
    needs = {"pods"}  # kubelet pod sandboxes are rows (k8s_POD_...), -q's too
    if intent.opt("quiet") and not filters:
        return frozenset(needs)
    fields = () if intent.opt("quiet") else template_fields(intent.opt("format"))
    if fields is None:
        return EVERYTHING | {"pods"}
    for field in fields:
        needs.update(PS_FIELD_NEEDS[field])
    for key, _ in filters:
        needs.update(PS_FILTER_NEEDS.get(key, ()))
    return frozenset(needs)


def ps_request(intent):
    """The ListContainers filter: what CRI can select itself. dockercri still checks every
    filter on what comes back (the sandbox rows come from the pod list unfiltered)."""
    flt, carried = {}, []
    values = {}
    for key, value in _filter_pairs(intent):
        values.setdefault(key, []).append(value)
    statuses = values.get("status", [])
    if len(statuses) == 1 and statuses[0] in CRI_STATES:
        flt["state"] = {"state": CRI_STATES[statuses[0]]}
        carried.append("status")
    elif not (shows_all(intent) or _filters_need_all(intent)):
        flt["state"] = {"state": "CONTAINER_RUNNING"}
    ids = values.get("id", [])
    if len(ids) == 1 and WHOLE_ID.match(ids[0]):
        flt["id"] = ids[0]
        carried.append("id")
    from dockercri.labels import SYNTHETIC_LABELS
    selector = {}
    for value in values.get("label", []):
        key, eq, wanted = value.partition("=")
        if key in SYNTHETIC_LABELS:
            continue  # dockershim's own label: dockercri adds it to what it lists
        if eq and selector.get(key, wanted) == wanted:
            selector[key] = wanted
    if selector:
        flt["label_selector"] = selector
        carried.append("label")
    return ({"filter": flt} if flt else {}), carried


# -- conditions the executor tests -------------------------------------------------
def _labelled(container):
    from dockercri.labels import COMMAND_LABEL
    return COMMAND_LABEL in container.labels


def _spec_read(context):
    specs = context["container_specs"]
    return specs is not None and context.item.id in specs


def command_known(context):
    """dockercri's label has the command, or the container's OCI spec was read."""
    return _labelled(context.item) or _spec_read(context)


def command_unknown(context):
    return not command_known(context)


def not_made_by_dockercri_listed(context):
    from dockercri import names
    pods, containers = context["pods"], context["containers"]
    return any(not names.is_managed(obj) for obj in
               list(pods.items if pods is not None else ()) + list(containers.containers))


def kubelet_container_listed(context):
    return any(not _labelled(c) for c in context["containers"].containers)


def kubelet_pod_listed(context):
    from dockercri import names
    pods = context["pods"]
    return pods is not None and any(not names.is_managed(pod) for pod in pods.items)


def _kubelet(context):
    from dockercri import names
    return not names.is_managed(context.item)


def _image_unknown(context):
    from dockercri.verbose import configured_sandbox_image
    return not configured_sandbox_image(context["runtime_status"])


def _command_unknown(context):
    specs = context["sandbox_specs"]
    return specs is None or context.item.id not in specs


def pod_image_unknown(context):
    """A kubelet pod, and the runtime's config does not name the sandbox image."""
    return _kubelet(context) and _image_unknown(context)


def pod_command_unknown(context):
    """A kubelet pod whose OCI spec could not be read on the node."""
    return _kubelet(context) and _command_unknown(context)


def pod_image_or_command_unknown(context):
    return _kubelet(context) and (_image_unknown(context) or _command_unknown(context))


SANDBOX_UNKNOWN = {
    ("sandbox_image",): ("pod_image_unknown", "image"),
    ("sandbox_command",): ("pod_command_unknown", "command"),
    ("sandbox_image", "sandbox_command"): ("pod_image_or_command_unknown", "image or command"),
}
SPEC_NOTE = ("config.json of its task bundle, beside the runtime's state dir, while it runs")


def plan_ps(intent, command):
    plan = start(command, intent)
    needs = ps_needs(intent)
    request, carried = ps_request(intent)
    if "pods" in needs:
        plan.add(Step("pods", "RuntimeService.ListPodSandbox", {},
                      why=("pod names and namespaces give kubelet containers their dockershim "
                           "names; each kubelet pod sandbox is shown as its k8s_POD_ container",)))
    why = ["-a lists every state; without it only running containers"]
    if carried:
        why.append("the runtime selects by %s itself" % ", ".join(carried))
    plan.add(Step("containers", "RuntimeService.ListContainers", request, why=tuple(why)))
    numbers = plan.numbers()
    sandbox = [need for need in ("sandbox_image", "sandbox_command") if need in needs]
    if "command" in needs or sandbox:
        plan.add(Step("runtime_status", "RuntimeService.Status", {"verbose": True},
                      optional=True,
                      when=Check(HERE + ":not_made_by_dockercri_listed",
                                 "only when a container or pod sandbox not made by dockercri "
                                 "is listed"),
                      why=("the runtime's config: its state dir (where the OCI specs of what "
                           "runs are kept) and the sandbox image every k8s_POD_ row shows",)))
    if "command" in needs:
        plan.add(Step("container_specs", node=NODE + ":read_container_specs",
                      when=Check(HERE + ":kubelet_container_listed",
                                 "only when step %d lists a container whose command is not in "
                                 "dockercri's label" % numbers["containers"]),
                      action="read the OCI spec of each such container that runs (%s) for "
                             "its COMMAND [emulated]" % SPEC_NOTE))
    each = Ref("containers", "containers", "the containers")
    if "status" in needs:
        plan.add(Step(
            "status", "RuntimeService.ContainerStatus",
            {"container_id": Ref("@each", "id", "id of each container"), "verbose": False},
            each=each, optional=True,
            where=Check(HERE + ":command_known", "whose command dockercri's label or the OCI "
                        "spec gave") if "command" in needs else None,
            why=("start and finish times, exit code, mounts and image name for "
                 "STATUS/IMAGE; brief: no runtime config is sent",)))
    if "command" in needs:
        plan.add(Step(
            "details", "RuntimeService.ContainerStatus",
            {"container_id": Ref("@each", "id", "id of each container"), "verbose": True},
            each=each, optional=True,
            where=Check(HERE + ":command_unknown", "whose command neither dockercri's label "
                        "nor the OCI spec gave (kubelet containers that do not run)"),
            why=("COMMAND: the container's config, only in the verbose status",)))
    if sandbox:
        _plan_sandbox_rows(plan, sandbox)
    if "paused" in needs:
        plan.add(Step("paused", node="dockercri.node.rootfs:frozen_ids", action=(
            "which running containers are paused: each task's pid (init.pid beside its "
            "mounted rootfs) and its cgroup freezer's state, since CRI has no paused state "
            "[emulated]")))
    if intent.opt("filter"):
        plan.notes.append(_filter_note(intent, carried))
    if wants_size(intent):
        plan.add(Step("stats", "RuntimeService.ListContainerStats", {},
                      why=("SIZE: the writable layer's size",)))
        plan.add(Step("images", "ImageService.ListImages", {},
                      why=("SIZE: the image's size, for the virtual size",)))
        plan.add(Step("layers", node="dockercri.node.rootfs:writable_sizes", action=(
            "SIZE of each running container: the files of its writable layer (the overlay's "
            "upper dir, from the node's mountinfo), measured now as docker measures them; "
            "the runtime's figure, refreshed only every few seconds, for the others")))
    last = intent.opt("last")
    plan.crictl.append(crictl_line(
        "crictl ps", "-a" if shows_all(intent) else "", "-q" if intent.opt("quiet") else "",
        "--no-trunc" if intent.opt("no_trunc") else "",
        "--last %s" % last if last not in (None, -1) else "", "-l" if intent.opt("latest") else ""))
    if wants_size(intent):
        plan.crictl.append("crictl stats -a")
    return plan


def _plan_sandbox_rows(plan, sandbox):
    pods = plan.numbers()["pods"]
    if "sandbox_command" in sandbox:
        plan.add(Step("sandbox_specs", node=NODE + ":read_sandbox_specs",
                      when=Check(HERE + ":kubelet_pod_listed",
                                 "only when step %d lists a pod sandbox not made by dockercri"
                                 % pods),
                      action="read the OCI spec of each such pod sandbox that runs (%s) for "
                             "the COMMAND of its k8s_POD_ row [emulated]" % SPEC_NOTE))
    test, words = SANDBOX_UNKNOWN[tuple(sandbox)]
    plan.add(Step(
        "sandboxes", "RuntimeService.PodSandboxStatus",
        {"pod_sandbox_id": Ref("@each", "id", "id of each pod"), "verbose": True},
        each=Ref("pods", "items", "the pods"), optional=True,
        where=Check(HERE + ":" + test, "not made by dockercri, whose sandbox %s the steps "
                    "above could not give" % words),
        why=("the sandbox %s of its k8s_POD_ row, where the runtime cannot say it for all "
             "pods at once" % words,)))


def _filter_note(intent, carried):
    keys = []
    for key, _ in _filter_pairs(intent):
        if key not in keys:
            keys.append(key)
    own = [key for key in keys if key not in carried]
    parts = []
    rules = {"label": "label: key=value pairs", "id": "id: a whole id",
             "status": "status: one of created, running, exited"}
    if carried:
        parts.append("the runtime selects by %s in the ListContainers request (%s)"
                     % (", ".join(carried), "; ".join(rules[key] for key in carried)))
    parts.append("dockercri checks every filter on what CRI returns%s: values of one key are "
                 "alternatives, different keys must all match"
                 % ((" (%s only there)" % ", ".join(own)) if own else ""))
    return "Filters: " + "; ".join(parts) + "."


# -- images ----------------------------------------------------------------------
def images_need_status(intent):
    """CREATED, the newest-first order and the before/since/label filters need each image's
    config (only in its verbose status); -q without filters needs the list alone."""
    return not intent.opt("quiet") or bool(intent.opt("filter"))


def plan_images(intent, command):
    plan = start(command, intent)
    plan.add(Step("images", "ImageService.ListImages", {},
                  why=("REPOSITORY[:TAG] is matched by dockercri, as docker matches it",)
                  if intent.args else ()))
    if images_need_status(intent):
        plan.add(Step("image_status", "ImageService.ImageStatus",
                      {"image": {"image": Ref("@each", "id", "id of each image")},
                       "verbose": True},
                      optional=True, each=Ref("images", "images", "the images"),
                      why=("CREATED and the newest-first order: the image config's creation "
                           "time is only in the verbose status; ListImages does not carry it",)))
    plan.crictl.append(crictl_line(
        "crictl images", "-q" if intent.opt("quiet") else "",
        "--no-trunc" if intent.opt("no_trunc") else "",
        "--digests" if intent.opt("digests") else "", intent.args[0] if intent.args else ""))
    return plan


def plan_pods(intent, command):
    plan = start(command, intent)
    flt = {}
    if intent.opt("state"):
        flt["state"] = {"state": "SANDBOX_READY" if intent.opt("state").lower() == "ready"
                        else "SANDBOX_NOTREADY"}
    if intent.opt("label"):
        flt["label_selector"] = dict(item.split("=", 1) for item in intent.opt("label")
                                     if "=" in item)
    if intent.opt("id"):
        flt["id"] = intent.opt("id")
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {"filter": flt} if flt else {},
                  why=("--state, --label and --id are selected by the runtime; --name and "
                       "--namespace are matched by dockercri",)
                  if flt or intent.opt("name") or intent.opt("namespace") else ()))
    plan.crictl.append("crictl pods " + " ".join(_argv_of(intent, command)))
    return plan


def _argv_of(intent, command):
    out = []
    for flag in command.flags:
        if flag.dest in intent.given:
            value = intent.options[flag.dest]
            if flag.type == "bool":
                out.append(flag.name)
            elif isinstance(value, tuple):
                out.extend("%s %s" % (flag.name, item) for item in value)
            else:
                out.append("%s %s" % (flag.name, value))
    return out
