"""inspect and inspectp: resolve each name, then ask for the runtime's verbose status."""

from dockercri.errors import UsageError
from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Pick, Ref, Step

STATUS_RPC = {
    "container": ("RuntimeService.ContainerStatus", "container_id", "crictl inspect"),
    "image": ("ImageService.ImageStatus", "image", "crictl inspecti"),
    "pod": ("RuntimeService.PodSandboxStatus", "pod_sandbox_id", "crictl inspectp"),
}
LIST_RPC = {
    "container": "RuntimeService.ListContainers",
    "image": "ImageService.ListImages",
    "pod": "RuntimeService.ListPodSandbox",
    "any": "RuntimeService.ListContainers",
}
DOCKER_TYPES = ("container", "image", "pod")


def status_request(kind, ref):
    rpc, field, _ = STATUS_RPC[kind]
    value = {"image": ref} if kind == "image" else ref
    return rpc, {field: value, "verbose": True}


def plan_lookup(plan, kind, name, index):
    """A pick step and its status step; with kind "any" the status RPC is chosen
    by what the name turns out to be (container, then image, then pod)."""
    pick_key, status_key = "find%d" % index, "status%d" % index
    plan.add(Step(pick_key, LIST_RPC[kind], {}, pick=Pick(kind, name)))
    if kind == "any":
        plan.add(Step(status_key, None, action=(
            "ContainerStatus, ImageStatus or PodSandboxStatus (verbose) of what step %d found"
            % len(plan.steps))))
        return
    rpc, request = status_request(kind, Ref(pick_key, "id", "%s id" % ("pod sandbox" if kind == "pod" else kind)))
    plan.add(Step(status_key, rpc, request))


def plan_inspect(intent, command):
    plan = start(command, intent)
    kind = (intent.opt("type") or "").lower() or "any"
    if kind not in DOCKER_TYPES + ("any",):
        raise UsageError('"%s" is not a valid value for --type' % intent.opt("type"), command.name)
    for index, name in enumerate(intent.args, 1):
        plan_lookup(plan, kind, name, index)
        tool = STATUS_RPC[kind][2] if kind != "any" else "crictl inspect"
        plan.crictl.append(crictl_line(tool, name))
    if kind == "any":
        plan.notes.append("Without --type, a name is looked up as a container, then an image, "
                          "then a pod sandbox; crictl has a separate verb for each "
                          "(inspect, inspecti, inspectp).")
    return plan


def plan_inspectp(intent, command):
    plan = start(command, intent)
    for index, name in enumerate(intent.args, 1):
        plan_lookup(plan, "pod", name, index)
        plan.crictl.append(crictl_line("crictl inspectp", name))
    return plan
