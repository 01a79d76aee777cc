"""stats: two samples of ListContainerStats a second apart give docker's CPU %."""

from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Step


def plan_stats(intent, command):
    plan = start(command, intent)
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {}, why=("container names",)))
    request = {} if intent.opt("all") or intent.args else {
        "filter": {"state": {"state": "CONTAINER_RUNNING"}}}
    plan.add(Step("containers", "RuntimeService.ListContainers", request))
    plan.add(Step("sample1", "RuntimeService.ListContainerStats", {},
                  why=("CPU time, memory working set",)))
    plan.add(Step("sample2", None, action=(
        "wait one second, call ListContainerStats again; CPU % is the CPU time used "
        "between the two samples over the wall time between them")))
    plan.notes.append("CRI reports no network or block I/O counters per container and, "
                      "in this API version, no pid count: those columns show --.")
    plan.crictl.append(crictl_line("crictl stats", "-a" if intent.opt("all") else "",
                                   " ".join(intent.args)))
    return plan
