"""pause, unpause: CRI has no such call; containerd's ctr freezes and thaws the container's
task (the cgroup freezer) in the runtime's namespace."""

from dockercri.node.ctr import ctr_argv
from dockercri.plan.common import start
from dockercri.plan.model import Pick, Ref, Step


def _plan(intent, command, verb):
    plan = start(command, intent)
    plan.add(Step("version", "RuntimeService.Version", {"version": "v1"},
                  why=("ctr works only on containerd: the runtime's name",)))
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {}))
    plan.add(Step("containers", "RuntimeService.ListContainers", {}))
    for index, name in enumerate(intent.args, 1):
        # a kubelet pod's sandbox too: its pause process's task, as docker paused the
        # k8s_POD_ container under dockershim
        pick = Pick("container", name, sandboxes=True)
        plan.add(Step("container%d" % index, pick=pick, action=pick.describe(), group=name,
                      errors="dockercri.plan.lookup:as_daemon_error"))
        ident = Ref("container%d" % index, "id", "container id")
        argv = ctr_argv("tasks", verb, ident)
        plan.add(Step("%s%d" % (verb, index), node="dockercri.node.ctr:task", group=name,
                      request={"argv": argv, "container_id": ident},
                      action="ctr --address <runtime socket> --namespace k8s.io "
                             "tasks %s <container id>" % verb,
                      why=("CRI has no %s call; ctr %ss the task's cgroup freezer" % (
                          command.name, verb),)))
    return plan


def plan_pause(intent, command):
    return _plan(intent, command, "pause")


def plan_unpause(intent, command):
    return _plan(intent, command, "resume")
