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
FOUND_TYPE = {"container": "Container", "image": "Image", "pod": "PodSandbox"}


def status_request(kind, ref):
    rpc, field, _ = STATUS_RPC[kind]
    value = {"image": ref} if kind == "image" else ref
    return rpc, {field: value, "verbose": True}


def _found(context):
    """The object the pick step named in this step's request resolved to."""
    for value in context.step.request.values():
        ref = value.get("image") if isinstance(value, dict) else value
        if isinstance(ref, Ref):
            return context[ref.step]
    return None


def found_container(context):
    return type(_found(context)).__name__ == "Container"


def found_image(context):
    return type(_found(context)).__name__ == "Image"


def found_pod(context):
    return type(_found(context)).__name__ == "PodSandbox"


def _status_steps(plan, kind, pick_key, index, group, conditional):
    """The status call of what the name is; a container's pod status too (its IP)."""
    number = plan.numbers()[pick_key]
    label = "pod sandbox" if kind == "pod" else kind
    rpc, request = status_request(kind, Ref(pick_key, "id", "%s id" % label))
    when = Check(HERE + ":found_" + kind, "step %d found %s %s" % (number, "an" if label == "image" else "a", label)) \
        if conditional else None
    plan.add(Step("status%d_%s" % (index, kind) if conditional else "status%d" % index,
                  rpc, request, group=group, when=when,
                  action=("only when step %d found %s %s" % (number, "an" if label == "image" else "a", label)) if conditional
                  else ""))
    if kind == "container":
        plan.add(Step("pod%d" % index, "RuntimeService.PodSandboxStatus",
                      {"pod_sandbox_id": Ref(pick_key, "pod_sandbox_id", "its pod sandbox id")},
                      group=group, when=when, optional=True,
                      action=("only when step %d found a container" % number) if conditional
                      else "",
                      why=("NetworkSettings: the pod's IP address",)))


def plan_lookups(plan, kind, names):
    for key in LISTS[kind]:
        rpc, why = LIST_STEPS[key]
        plan.add(Step(key, rpc, {}, why=(why,)))
    for index, name in enumerate(names, 1):
        pick_key = "find%d" % index
        plan.add(Step(pick_key, pick=Pick(kind, name), group=index,
                      action=Pick(kind, name).describe() + " in the lists above"))
        kinds = DOCKER_TYPES if kind == "any" else (kind,)
        for each_kind in kinds:
            _status_steps(plan, each_kind, pick_key, index, index, kind == "any")


def plan_inspect(intent, command):
    plan = start(command, intent)
    kind = (intent.opt("type") or "").lower() or "any"
    if kind not in DOCKER_TYPES + ("any",):
        raise UsageError('"%s" is not a valid value for --type' % intent.opt("type"), command.name)
    plan_lookups(plan, kind, intent.args)
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
