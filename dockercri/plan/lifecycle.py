"""stop, kill, rm, start, restart, wait, container prune: per-container CRI sequences.

docker's container is, for dockercri, a pod sandbox holding one container, so
removing it removes the pod. Containers the kubelet manages live in pods that
are not ours: dockercri acts on the container alone and never removes their pod.
"""

from dockercri.labels import MANAGED_LABEL
from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Pick, Ref, Step

DEFAULT_STOP_TIMEOUT = 10


def _find(plan, name, index):
    key = "find%d" % index
    plan.add(Step(key, "RuntimeService.ListContainers", {}, pick=Pick("container", name)))
    return Ref(key, "id", "container id"), Ref(key, "pod_sandbox_id", "pod sandbox id")


def stop_timeout(intent):
    value = intent.opt("time")
    return DEFAULT_STOP_TIMEOUT if value is None else int(value)


def signal_name(text):
    """docker accepts KILL, SIGKILL, kill or 9; returns the bare upper-case name or number."""
    text = str(text).strip().upper()
    return text[3:] if text.startswith("SIG") else text


def plan_stop(intent, command):
    plan = start(command, intent)
    for index, name in enumerate(intent.args, 1):
        cid, _ = _find(plan, name, index)
        plan.add(Step("stop%d" % index, "RuntimeService.StopContainer",
                      {"container_id": cid, "timeout": stop_timeout(intent)},
                      why=("SIGTERM (or the image's stop signal), SIGKILL after the timeout",)))
        plan.crictl.append(crictl_line("crictl stop", "--timeout %d" % stop_timeout(intent)
                                       if intent.has("time") else "", name))
    if not intent.has("time"):
        plan.notes.append("Without -t, a container created with --stop-timeout uses that; "
                          "otherwise docker's default of 10 seconds.")
    return plan


def plan_kill(intent, command):
    plan = start(command, intent)
    signal = signal_name(intent.opt("signal") or "KILL")
    for index, name in enumerate(intent.args, 1):
        cid, _ = _find(plan, name, index)
        if signal in ("KILL", "9"):
            plan.add(Step("kill%d" % index, "RuntimeService.StopContainer",
                          {"container_id": cid, "timeout": 0},
                          why=("a zero timeout makes the runtime send SIGKILL at once",)))
            plan.crictl.append("crictl stop --timeout 0 %s" % name)
        else:
            plan.add(Step("status%d" % index, "RuntimeService.ContainerStatus",
                          {"container_id": cid, "verbose": True},
                          why=("the verbose info holds the container's main pid on this node",)))
            plan.add(Step("signal%d" % index, None, action=(
                "send SIG%s to that pid from this node (CRI has no signal RPC; dockercri "
                "runs on the node, so it signals the process directly)" % signal)))
            plan.crictl.append("crictl inspect --output go-template --template '{{.info.pid}}' "
                               "%s | xargs kill -s %s" % (name, signal))
    return plan


def plan_rm(intent, command):
    plan = start(command, intent)
    for index, name in enumerate(intent.args, 1):
        cid, pod = _find(plan, name, index)
        if intent.opt("force"):
            plan.add(Step("stoppod%d" % index, "RuntimeService.StopPodSandbox",
                          {"pod_sandbox_id": pod},
                          why=("-f: a running container is stopped first; for dockercri's own "
                               "containers the whole pod goes (for kubelet pods: StopContainer)",)))
        plan.add(Step("rmpod%d" % index, "RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod},
                      why=("a dockercri container is a pod with one container: removing the pod "
                           "removes both (a kubelet container: RemoveContainer, pod left alone)",)))
        plan.crictl.append(crictl_line("crictl rm", "-f" if intent.opt("force") else "", name))
        plan.crictl.append("crictl rmp -f <pod id of %s>" % name)
    return plan


def plan_start(intent, command):
    plan = start(command, intent)
    for index, name in enumerate(intent.args, 1):
        cid, _ = _find(plan, name, index)
        plan.add(Step("start%d" % index, "RuntimeService.StartContainer", {"container_id": cid},
                      why=("a created container starts; an exited one cannot start again in CRI",)))
        plan.crictl.append("crictl start %s" % name)
    plan.notes.append("CRI cannot start an exited container again. For a dockercri container, "
                      "start re-creates it from its recorded configuration in the same pod, under "
                      "the same name (RemoveContainer, CreateContainer, StartContainer): its id "
                      "changes. For a kubelet container, the kubelet makes the replacement.")
    return plan


def plan_restart(intent, command):
    plan = start(command, intent)
    for index, name in enumerate(intent.args, 1):
        cid, pod = _find(plan, name, index)
        plan.add(Step("stop%d" % index, "RuntimeService.StopContainer",
                      {"container_id": cid, "timeout": stop_timeout(intent)}))
        plan.add(Step("recreate%d" % index, None, action=(
            "re-create the container from its recorded configuration: RemoveContainer, "
            "CreateContainer and StartContainer in the same pod (the id changes)")))
        plan.crictl.append("crictl stop %s && crictl rm %s && crictl create <pod id> "
                           "container-config.json pod-config.json && crictl start <new id>"
                           % (name, name))
    return plan


def plan_wait(intent, command):
    plan = start(command, intent)
    for index, name in enumerate(intent.args, 1):
        cid, _ = _find(plan, name, index)
        plan.add(Step("wait%d" % index, "RuntimeService.ContainerStatus", {"container_id": cid},
                      action="repeated until status.state is CONTAINER_EXITED; prints exit_code"))
        plan.crictl.append("crictl inspect -o go-template --template '{{.status.exitCode}}' %s"
                           % name)
    plan.notes.append("CRI has no wait RPC: dockercri polls ContainerStatus.")
    return plan


def plan_container_prune(intent, command):
    plan = start(command, intent)
    plan.add(Step("pods", "RuntimeService.ListPodSandbox",
                  {"filter": {"label_selector": {MANAGED_LABEL: "true"}}},
                  why=("only dockercri's own pods; kubelet pods are never touched",)))
    plan.add(Step("containers", "RuntimeService.ListContainers",
                  {"filter": {"label_selector": {MANAGED_LABEL: "true"}}}))
    plan.add(Step("remove", "RuntimeService.RemovePodSandbox",
                  {"pod_sandbox_id": Ref("@each", "pod_sandbox_id", "pod of each stopped container")},
                  each="containers", action="for each container of step 2 that is not running"))
    plan.crictl.append("crictl rm $(crictl ps -a -q --state exited --label %s=true)"
                       % MANAGED_LABEL)
    return plan
