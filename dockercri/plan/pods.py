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


def _pods(plan, intent, verb, rpcs):
    for index, name in enumerate(intent.args, 1):
        key = "find%d" % index
        plan.add(Step(key, "RuntimeService.ListPodSandbox", {}, pick=Pick("pod", name)))
        for rpc in rpcs:
            plan.add(Step("%s%d" % (rpc.split(".")[1], index), rpc,
                          {"pod_sandbox_id": Ref(key, "id", "pod sandbox id")}))
        plan.crictl.append(crictl_line("crictl", verb, "-f" if intent.opt("force") else "", name))


def plan_stopp(intent, command):
    plan = start(command, intent)
    _pods(plan, intent, "stopp", ["RuntimeService.StopPodSandbox"])
    return plan


def plan_rmp(intent, command):
    plan = start(command, intent)
    rpcs = (["RuntimeService.StopPodSandbox"] if intent.opt("force") else []) + \
        ["RuntimeService.RemovePodSandbox"]
    if intent.opt("all"):
        plan.add(Step("pods", "RuntimeService.ListPodSandbox", {}))
        for rpc in rpcs:
            plan.add(Step(rpc.split(".")[1], rpc, {"pod_sandbox_id": Ref("@each", "id", "id of each pod")},
                          each="pods", action="for each pod of step 1"))
        plan.crictl.append(crictl_line("crictl rmp -a", "-f" if intent.opt("force") else ""))
        return plan
    _pods(plan, intent, "rmp", rpcs)
    return plan


def update_resources(intent):
    return run_config.resources(intent)


def plan_update(intent, command):
    plan = start(command, intent)
    resources = update_resources(intent)
    for index, name in enumerate(intent.args, 1):
        key = "find%d" % index
        plan.add(Step(key, "RuntimeService.ListContainers", {}, pick=Pick("container", name)))
        plan.add(Step("update%d" % index, "RuntimeService.UpdateContainerResources",
                      {"container_id": Ref(key, "id", "container id"), "linux": resources}))
        args = []
        for flag in command.flags:
            if flag.dest in intent.given and flag.crictl:
                args.append("%s %s" % (flag.crictl, intent.options[flag.dest]))
        plan.crictl.append(crictl_line("crictl update", " ".join(args), name))
    return plan
