"""stats: two samples of ListContainerStats a second apart give docker's CPU %.

Kubelet pod sandboxes are rows too, as dockershim's k8s_POD_ containers were; CRI reports
no stats for them, so their figures are read from the pause process's cgroup on the node,
twice as well."""

from dockercri import names
from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Check, Pick, Ref, Step

HERE = "dockercri.plan.stats"
# the steps a live stream repeats every second
REFRESH = ("wait", "sample2", "node")


def plan_stats(intent, command):
    plan = start(command, intent)
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {}, why=("container names",)))
    request = {} if intent.opt("all") or intent.args else {
        "filter": {"state": {"state": "CONTAINER_RUNNING"}}}
    plan.add(Step("containers", "RuntimeService.ListContainers", request))
    for index, name in enumerate(intent.args, 1):
        pick = Pick("container", name, sandboxes=True)
        plan.add(Step("find%d" % index, pick=pick, errors=HERE + ":find_error",
                      action=pick.describe() + " in the lists above"))
    finds = [Ref("find%d" % index, "", "the container or sandbox")
             for index in range(1, len(intent.args) + 1)]
    numbers = plan.numbers()
    picks = ("step %d" % numbers["find1"] if len(finds) == 1 else
             "steps %d to %d" % (numbers["find1"], numbers["find%d" % len(finds)])) if finds else ""
    plan.add(Step("sandbox_pids", "RuntimeService.PodSandboxStatus", {
        "pod_sandbox_id": Ref("@each", "id", "pod sandbox id"), "verbose": True},
        each=finds or Ref("pods", "items", "the pod sandboxes"),
        where=Check(HERE + ":kubelet_sandbox", "that is a ready kubelet pod's sandbox (k8s_POD_...)"),
        action=("for each name found (%s) that is a ready kubelet pod's sandbox" % picks
                if intent.args else None),
        optional=True, why=("its pause process's pid on this node (verbose info): CRI "
                            "reports no stats for a sandbox",)))
    plan.add(Step("sample1", "RuntimeService.ListContainerStats", {},
                  why=("CPU time, memory working set",)))
    plan.add(Step("sandbox_sample1", node="dockercri.node.cgroups:read_sandboxes",
                  when=Check(HERE + ":any_sandbox", "only when step %d found a sandbox"
                             % plan.numbers()["sandbox_pids"]),
                  action="read each sandbox's CPU time and memory working set from its "
                         "pause process's cgroup"))
    plan.add(Step("wait", node="dockercri.node.stats:wait_a_second",
                  action="wait one second: CPU % is the CPU time used between two samples "
                         "over the wall time between them"))
    plan.add(Step("sample2", "RuntimeService.ListContainerStats", {},
                  action="the second sample" + ("" if intent.opt("no_stream") else
                                                "; then again every second, with the wait")))
    targets = finds or Ref("containers", "containers", "the containers")
    plan.add(Step("pids", "RuntimeService.ContainerStatus", {
        "container_id": Ref("@each", "id", "container id"), "verbose": True},
        each=targets, where=Check(HERE + ":running", "that is running"), optional=True,
        action=("for each name found (%s) that is a running container" % picks
                if intent.args else None),
        why=("its main process's pid on this node (verbose info)",)))
    plan.add(Step("node", node="dockercri.node.cgroups:read_each", action=(
        "read on the node what CRI does not report: each container's memory limit, pid count "
        "and block I/O from its cgroup, its network I/O from /proc/PID/net/dev; each "
        "sandbox's CPU time and memory working set again")))
    plan.notes.append("CRI reports CPU and memory usage; dockercri reads the memory limit, "
                      "PIDS, BLOCK I/O and NET I/O on the node (a stopped container shows 0).")
    plan.notes.append("A kubelet pod's sandbox is a row, as its k8s_POD_ container was under "
                      "dockershim; all its figures come from its pause process's cgroup.")
    plan.crictl.append(crictl_line("crictl stats", "-a" if intent.opt("all") else "",
                                   " ".join(intent.args)))
    return plan


def running(context):
    """A running container (not a sandbox: those are step sandbox_pids')."""
    item = context.item
    return item is not None and not names.is_sandbox(item) and item.state == 1


def kubelet_sandbox(context):
    """A ready sandbox: one a name found (a names.Sandbox), or a kubelet pod of the list
    (a sandbox that is not ready has no pause process: its row shows zeros)."""
    item = context.item
    if item is None:
        return False
    if names.is_sandbox(item):
        return item.pod.state == 0
    if hasattr(item, "pod_sandbox_id"):  # a container a name found
        return False
    return not names.is_managed(item) and item.state == 0  # SANDBOX_READY


def any_sandbox(context):
    return any(status is not None for status in context["sandbox_pids"] or ())


def find_error(context, error):
    """docker's daemon wording for a name stats cannot find."""
    from dockercri.errors import AmbiguousName, daemon_error
    name = context.step.pick.name
    if isinstance(error, AmbiguousName):
        return daemon_error("Multiple IDs found with provided prefix: %s" % name)
    return daemon_error("No such container: %s" % name)
