"""ps, images, pods: lists, where docker's flags become CRI filters or client-side work."""

from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Ref, Step


def shows_all(intent):
    """-n and -l imply -a in docker."""
    return bool(intent.opt("all")) or (intent.opt("last") or 0) > 0 or bool(intent.opt("latest"))


def _filters_need_all(intent):
    """status= and exited= filters look at every state, as docker's do."""
    return any(raw.strip().lower().startswith(("status=", "exited="))
               for raw in intent.opt("filter") or ())


def plan_ps(intent, command):
    plan = start(command, intent)
    everything = shows_all(intent) or _filters_need_all(intent)
    request = {} if everything else {"filter": {"state": {"state": "CONTAINER_RUNNING"}}}
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {},
                  why=("pod names and namespaces give kubelet containers their dockershim names; "
                       "each kubelet pod sandbox is shown as its k8s_POD_ container",)))
    plan.add(Step("containers", "RuntimeService.ListContainers", request,
                  why=("-a lists every state; without it only running containers",)))
    plan.add(Step("status", "RuntimeService.ContainerStatus",
                  {"container_id": Ref("@each", "id", "id of each container"), "verbose": True},
                  action="for each container listed in step 2", each="containers", optional=True,
                  why=("start and finish times, exit code and command for CREATED/STATUS/COMMAND; "
                       "verbose only for containers whose command is not in dockercri's label",)))
    plan.add(Step("sandboxes", "RuntimeService.PodSandboxStatus",
                  {"pod_sandbox_id": Ref("@each", "id", "id of each pod"), "verbose": True},
                  action="for each pod of step 1 not made by dockercri", each="pods",
                  optional=True, why=("the sandbox image and state for its k8s_POD_ row",)))
    if intent.opt("filter"):
        plan.notes.append("Filters are applied by dockercri to what CRI returns: values of one "
                          "key are alternatives, different keys must all match.")
    if intent.opt("size"):
        plan.add(Step("stats", "RuntimeService.ListContainerStats", {},
                      why=("-s: writable layer size",)))
        plan.add(Step("images", "ImageService.ListImages", {}, why=("-s: image size for virtual size",)))
    last = intent.opt("last")
    plan.crictl.append(crictl_line(
        "crictl ps", "-a" if shows_all(intent) else "", "-q" if intent.opt("quiet") else "",
        "--no-trunc" if intent.opt("no_trunc") else "",
        "--last %s" % last if last not in (None, -1) else "", "-l" if intent.opt("latest") else ""))
    if intent.opt("size"):
        plan.crictl.append("crictl stats -a")
    return plan


def plan_images(intent, command):
    plan = start(command, intent)
    plan.add(Step("images", "ImageService.ListImages", {},
                  why=("REPOSITORY[:TAG] is matched by dockercri, as docker matches it",)
                  if intent.args else ()))
    plan.add(Step("image_status", "ImageService.ImageStatus",
                  {"image": {"image": Ref("@each", "id", "id of each image")}, "verbose": True},
                  action="for each image listed in step 1", optional=True, each="images",
                  why=("CREATED: the image config's creation time is only in the verbose status",)))
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
        flt["label_selector"] = dict(item.split("=", 1) for item in intent.opt("label") if "=" in item)
    if intent.opt("id"):
        flt["id"] = intent.opt("id")
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {"filter": flt} if flt else {}))
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
