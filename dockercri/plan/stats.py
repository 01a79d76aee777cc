"""stats: two samples of ListContainerStats a second apart give docker's CPU %."""

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
        pick = Pick("container", name)
        plan.add(Step("find%d" % index, pick=pick, errors=HERE + ":find_error",
                      action=pick.describe() + " in the lists above"))
    plan.add(Step("sample1", "RuntimeService.ListContainerStats", {},
                  why=("CPU time, memory working set",)))
    plan.add(Step("wait", node="dockercri.node.stats:wait_a_second",
                  action="wait one second: CPU % is the CPU time used between two samples "
                         "over the wall time between them"))
    plan.add(Step("sample2", "RuntimeService.ListContainerStats", {},
                  action="the second sample" + ("" if intent.opt("no_stream") else
                                                "; then again every second, with the wait")))
    targets = ([Ref("find%d" % index, "", "what step %d found" % plan.numbers()["find%d" % index])
                for index in range(1, len(intent.args) + 1)] if intent.args else
               Ref("containers", "containers", "the containers of step 2"))
    plan.add(Step("pids", "RuntimeService.ContainerStatus", {
        "container_id": Ref("@each", "id", "container id"), "verbose": True},
        each=targets, where=Check(HERE + ":running", "that is running"), optional=True,
        why=("its main process's pid on this node (verbose info)",)))
    plan.add(Step("node", node="dockercri.node.cgroups:read_each", action=(
        "read on the node what CRI does not report: each container's memory limit, pid count "
        "and block I/O from its cgroup, its network I/O from /proc/PID/net/dev")))
    plan.notes.append("CRI reports CPU and memory usage; dockercri reads the memory limit, "
                      "PIDS, BLOCK I/O and NET I/O on the node (a stopped container shows 0).")
    plan.crictl.append(crictl_line("crictl stats", "-a" if intent.opt("all") else "",
                                   " ".join(intent.args)))
    return plan


def running(context):
    return context.item is not None and context.item.state == 1


def find_error(context, error):
    """docker's daemon wording for a name stats cannot find."""
    from dockercri.errors import AmbiguousName, daemon_error
    name = context.step.pick.name
    if isinstance(error, AmbiguousName):
        return daemon_error("Multiple IDs found with provided prefix: %s" % name)
    return daemon_error("No such container: %s" % name)
