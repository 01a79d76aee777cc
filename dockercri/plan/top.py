"""top: the container's first process from its verbose status, then the node's ps."""

from dockercri.plan.common import start
from dockercri.plan.lookup import find_container
from dockercri.plan.model import Check, Ref, Step


def plan_top(intent, command):
    plan = start(command, intent)
    # a kubelet pod's sandbox (k8s_POD_...) too: its pause process, as under dockershim
    ref = find_container(plan, intent.args[0], daemon=True, sandboxes=True)
    plan.add(Step("status", "RuntimeService.ContainerStatus", {"container_id": ref, "verbose": True},
                  when=Check("dockercri.plan.lifecycle:is_container", "only for a container",
                             ("container",)),
                  why=("the state, and the container's first pid (verbose info: pid)",)))
    plan.add(Step("sandbox", "RuntimeService.PodSandboxStatus",
                  {"pod_sandbox_id": Ref("container", "id", "pod sandbox id"), "verbose": True},
                  when=Check("dockercri.plan.lifecycle:is_sandbox", "only for a kubelet pod's "
                             "sandbox", ("container",)),
                  why=("the sandbox's state and its pause process's pid",)))
    ps_args = list(intent.args[1:]) or ["-ef"]
    plan.add(Step("processes", node="dockercri.node.processes:top", request={"ps_args": ps_args},
                  action="ps %s, keeping the processes in the container's cgroups "
                         "(/proc/PID/cgroup equal to its first process's)" % " ".join(ps_args),
                  why=("CRI has no process list; docker's daemon does the same with the host's ps",)))
    plan.crictl.append("crictl exec %s ps   # needs ps in the image" % intent.args[0])
    return plan
