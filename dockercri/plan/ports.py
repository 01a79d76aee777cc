"""port: a container's published ports are its pod sandbox's port mappings."""

from dockercri.plan.invalid import rejects
from dockercri.plan.common import crictl_line, start
from dockercri.plan.lookup import find_container
from dockercri.plan.model import Ref, Step


@rejects
def plan_port(intent, command):
    plan = start(command, intent)
    if len(intent.args) > 1:
        private_port(intent.args[1])  # a bad port is refused before any call
    find_container(plan, intent.args[0], sandboxes=True)  # k8s_POD_: its own mappings
    plan.add(Step("pod", "RuntimeService.PodSandboxStatus",
                  {"pod_sandbox_id": Ref("container", "pod_sandbox_id", "the container's pod sandbox id"),
                   "verbose": True},
                  why=("the sandbox config's port_mappings (verbose info) are docker's published ports",)))
    plan.crictl.append(crictl_line("crictl inspectp", "<pod of %s>" % intent.args[0]))
    return plan


def private_port(text):
    """"80", "80/tcp", "53/udp" → (port, proto), read as docker's nat.NewPort reads them
    (its strconv error, exit 1, for a port that is not a 16-bit number; any protocol)."""
    from dockercri.errors import PlainError

    port, _, proto = text.partition("/")
    if not port.isdigit():
        raise PlainError('strconv.ParseUint: parsing "%s": invalid syntax' % port, exit_code=1)
    if int(port) > 65535:
        raise PlainError('strconv.ParseUint: parsing "%s": value out of range' % port, exit_code=1)
    return int(port), (proto or "tcp").lower()
