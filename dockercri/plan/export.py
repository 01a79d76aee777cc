"""export: the container's root filesystem as a tar, read on the node."""

from dockercri.plan.common import start
from dockercri.plan.copy import root_status_steps
from dockercri.plan.lookup import find_container
from dockercri.plan.model import Step


def plan_export(intent, command):
    plan = start(command, intent)
    ref = find_container(plan, intent.args[0], daemon=True, sandboxes=True)
    root_status_steps(plan, ref)
    output = intent.opt("output") or "-"
    plan.add(Step("export", node="dockercri.node.copy:export",
                  request={"output": output, "container": intent.args[0]},
                  action="tar the container's root filesystem (one filesystem: not "
                         "proc, sys, dev or bind mounts) to %s"
                         % ("standard output" if output == "-" else output),
                  why=("CRI has no call that reads a container's filesystem",)))
    return plan
