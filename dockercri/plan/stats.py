"""stats: two samples of ListContainerStats a second apart give docker's CPU %."""

from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Pick, Step

HERE = "dockercri.plan.stats"
# the steps a live stream repeats every second
REFRESH = ("wait", "sample2")


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
    plan.notes.append("CRI reports no network or block I/O counters per container and, "
                      "in this API version, no pid count: those columns show --.")
    plan.crictl.append(crictl_line("crictl stats", "-a" if intent.opt("all") else "",
                                   " ".join(intent.args)))
    return plan


def find_error(context, error):
    """docker's daemon wording for a name stats cannot find."""
    from dockercri.errors import AmbiguousName, daemon_error
    name = context.step.pick.name
    if isinstance(error, AmbiguousName):
        return daemon_error("Multiple IDs found with provided prefix: %s" % name)
    return daemon_error("No such container: %s" % name)
