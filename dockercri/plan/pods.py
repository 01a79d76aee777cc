"""crictl's pod verbs: runp, stopp, rmp, and docker's update."""

from dockercri.plan import run_config
from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Pick, Ref, Step


def read_pod_config(path):
    """crictl's pod config file: JSON, or YAML (the same keys)."""
    import json

    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if path.endswith((".yaml", ".yml")):
        import yaml
        return yaml.safe_load(text)
    try:
        return json.loads(text)
    except ValueError:
        import yaml
        return yaml.safe_load(text)


def plan_runp(intent, command, config=None):
    plan = start(command, intent)
    path = intent.args[0]
    if config is None:
        try:
            config = read_pod_config(path)
        except (OSError, ValueError) as error:
            config = {"<from %s>" % path: str(error)}
    request = {"config": config}
    if intent.opt("runtime"):
        request["runtime_handler"] = intent.opt("runtime")
    plan.add(Step("pod", "RuntimeService.RunPodSandbox", request))
    plan.files[path] = config
    plan.crictl.append(crictl_line("crictl runp", "--runtime %s" % intent.opt("runtime")
                                   if intent.opt("runtime") else "", path))
    return plan


PODS = "dockercri.commands.pods:"


def _pods(plan, intent, verb, rpcs, refuse_ready=False):
    """Each named pod in turn (a group: a failure ends that name only): list, pick, act."""
    for index, name in enumerate(intent.args, 1):
        key, pods = "find%d" % index, "pods%d" % index
        plan.add(Step(pods, "RuntimeService.ListPodSandbox", {}, group=index))
        plan.add(Step(key, pick=Pick("pod", name, pods=pods), group=index,
                      errors="dockercri.errors:pod_lookup", args=(name,)))
        if refuse_ready:
            plan.add(Step("ready%d" % index, node=PODS + "refuse_ready",
                          request={"pods": [Ref(key, "", "the pod")]}, group=index,
                          action="refuse the pod if it is still ready (crictl's rule: stop it "
                                 "first or use -f)"))
        for rpc in rpcs:
            plan.add(Step("%s%d" % (rpc.split(".")[1], index), rpc,
                          {"pod_sandbox_id": Ref(key, "id", "pod sandbox id")}, group=index))
        plan.crictl.append(crictl_line("crictl", verb, "-f" if intent.opt("force") else "", name))


def plan_stopp(intent, command):
    plan = start(command, intent)
    _pods(plan, intent, "stopp", ["RuntimeService.StopPodSandbox"])
    return plan


def plan_rmp(intent, command):
    from dockercri.plan.model import Check

    plan = start(command, intent)
    force = bool(intent.opt("force"))
    rpcs = (["RuntimeService.StopPodSandbox"] if force else []) + \
        ["RuntimeService.RemovePodSandbox"]
    if not intent.opt("all"):
        _pods(plan, intent, "rmp", rpcs, refuse_ready=not force)
        return plan
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {}))
    where = None if force else Check(PODS + "not_ready", "that is not ready")
    for rpc in rpcs:
        plan.add(Step(rpc.split(".")[1], rpc,
                      {"pod_sandbox_id": Ref("@each", "id", "id of each pod")},
                      each=Ref("pods", "items", "the pods"), where=where))
    if not force:
        plan.add(Step("ready", node=PODS + "refuse_ready",
                      request={"pods": Ref("pods", "items", "pods")},
                      action="report each pod that is still ready (crictl's rule: stop it "
                             "first or use -f)"))
    plan.crictl.append(crictl_line("crictl rmp -a", "-f" if force else ""))
    return plan


def update_resources(intent):
    return run_config.resources(intent)


def plan_update(intent, command):
    plan = start(command, intent)
    resources = update_resources(intent)
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {},
                  why=("kubelet containers go by their dockershim names, made from their "
                       "pod's metadata",)))
    plan.add(Step("containers", "RuntimeService.ListContainers", {}))
    for index, name in enumerate(intent.args, 1):
        key = "find%d" % index
        plan.add(Step(key, pick=Pick("container", name), group=index,
                      errors="dockercri.errors:container_lookup", args=(name,)))
        plan.add(Step("update%d" % index, "RuntimeService.UpdateContainerResources",
                      {"container_id": Ref(key, "id", "container id"), "linux": resources},
                      group=index))
        args = []
        for flag in command.flags:
            if flag.dest in intent.given and flag.crictl:
                args.append("%s %s" % (flag.crictl, intent.options[flag.dest]))
        plan.crictl.append(crictl_line("crictl update", " ".join(args), name))
    return plan
