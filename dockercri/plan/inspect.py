"""inspect and inspectp: list once, resolve each name in the lists, then ask for the
runtime's verbose status of what each name turned out to be."""

from dockercri.errors import UsageError
from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Check, Pick, Ref, Step

HERE = "dockercri.plan.inspect"
STATUS_RPC = {
    "container": ("RuntimeService.ContainerStatus", "container_id", "crictl inspect"),
    "image": ("ImageService.ImageStatus", "image", "crictl inspecti"),
    "pod": ("RuntimeService.PodSandboxStatus", "pod_sandbox_id", "crictl inspectp"),
}
LISTS = {  # what a name of each kind is resolved in
    "container": ("containers", "pods"),
    "image": ("images",),
    "pod": ("pods",),
    "any": ("containers", "pods", "images"),
}
LIST_STEPS = {
    "containers": ("RuntimeService.ListContainers", "container ids and names"),
    "pods": ("RuntimeService.ListPodSandbox", "pod sandbox ids and names (and the pod names "
                                              "kubelet containers are known by)"),
    "images": ("ImageService.ListImages", "image ids and name:tags"),
}
DOCKER_TYPES = ("container", "image", "pod")


def status_request(kind, ref):
    rpc, field, _ = STATUS_RPC[kind]
    value = {"image": ref} if kind == "image" else ref
    return rpc, {field: value, "verbose": True}


def _found_as(context, type_name):
    item = context.item
    return item is not None and type(item).__name__ == type_name


def found_container(context):
    return _found_as(context, "Container")


def found_image(context):
    return _found_as(context, "Image")


def found_pod(context):
    return _found_as(context, "PodSandbox")


def found_sandbox(context):
    return _found_as(context, "Sandbox")


def not_found(context, error):
    """A name that is not found (or is ambiguous) leaves None as its pick and the error
    beside it, and the command goes on to the next name, as docker does."""
    context.results.errors[context.step.key] = error
    return None


def _steps_range(first, last):
    return "step %d" % first if first == last else "steps %d-%d" % (first, last)


def plan_lookups(plan, kind, names):
    """The lists (once), a pick per name, then one status call per object found, all in
    flight at once (a container's pod status too: its IP)."""
    for key in LISTS[kind]:
        rpc, why = LIST_STEPS[key]
        plan.add(Step(key, rpc, {}, why=(why,)))
    first = len(plan.steps) + 1
    found = []
    for index, name in enumerate(names, 1):
        # a kubelet pod's sandbox is a container here (k8s_POD_...), as under dockershim
        pick = Pick(kind, name, sandboxes=kind in ("container", "any"))
        plan.add(Step("find%d" % index, pick=pick, errors=HERE + ":not_found",
                      action=pick.describe() + " in the lists above"))
        found.append(Ref("find%d" % index, "", "what step %d found" % len(plan.steps)))
    picks = _steps_range(first, len(plan.steps))
    for each_kind in (DOCKER_TYPES if kind == "any" else (kind,)):
        label = "pod sandbox" if each_kind == "pod" else each_kind
        rpc, request = status_request(each_kind, Ref("@each", "id", "%s id" % label))
        where = Check(HERE + ":found_" + each_kind, "the name is %s %s" % (
            "an" if each_kind == "image" else "a", label))
        plan.add(Step("status_" + each_kind, rpc, request, each=found, where=where,
                      optional=True, action="for each %s %s found" % (label, picks)))
        if each_kind == "container":
            plan.add(Step("status_sandbox", "RuntimeService.PodSandboxStatus", {
                "pod_sandbox_id": Ref("@each", "id", "pod sandbox id"), "verbose": True},
                each=found, where=Check(HERE + ":found_sandbox", "the name is a kubelet pod's "
                                        "sandbox (k8s_POD_...)"), optional=True,
                action="for each pod sandbox %s found as a container" % picks,
                why=("dockershim showed it as a container: its pid, image and IP address",)))
            plan.add(Step("pod_status", "RuntimeService.PodSandboxStatus",
                          {"pod_sandbox_id": Ref("@each", "pod_sandbox_id", "its pod sandbox id")},
                          each=found, where=where, optional=True,
                          action="for each container %s found" % picks,
                          why=("NetworkSettings: the pod's IP address",)))


def plan_inspect(intent, command):
    plan = start(command, intent)
    kind = (intent.opt("type") or "").lower() or "any"
    if kind not in DOCKER_TYPES + ("any",):
        raise UsageError('"%s" is not a valid value for --type' % intent.opt("type"), command.name)
    plan_lookups(plan, kind, intent.args)
    if kind in ("container", "any"):
        plan.add(Step("rootfs", node="dockercri.node.rootfs:overlay_mounts", action=(
            "GraphDriver.Data: the overlay mount of each running container's root filesystem "
            "as the node sees it (/proc/self/mountinfo: LowerDir, UpperDir, WorkDir, and the "
            "MergedDir it is mounted at)")))
        plan.add(Step("paused", node="dockercri.node.rootfs:frozen_ids", action=(
            "State.Paused: whether the cgroup freezer holds each running one (its task's "
            "pid is init.pid beside its mounted rootfs), since CRI has no paused state")))
    for name in intent.args:
        tool = STATUS_RPC[kind][2] if kind != "any" else "crictl inspect"
        plan.crictl.append(crictl_line(tool, name))
    if kind == "any":
        plan.notes.append("Without --type, a name is looked up as a container, then an image, "
                          "then a pod sandbox; crictl has a separate verb for each "
                          "(inspect, inspecti, inspectp).")
    return plan


def plan_inspectp(intent, command):
    plan = start(command, intent)
    plan_lookups(plan, "pod", intent.args)
    for name in intent.args:
        plan.crictl.append(crictl_line("crictl inspectp", name))
    return plan
