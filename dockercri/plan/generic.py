"""Plans for commands that have no planner of their own yet: the table's RPCs in order.

explain can still teach what such a command becomes; the runner refuses to
execute it rather than pretend.
"""

from dockercri.plan.common import start
from dockercri.plan.model import Step


def plan_generic(intent, command):
    plan = start(command, intent)
    for index, rpc in enumerate(command.rpcs, 1):
        plan.add(Step("step%d" % index, rpc, {}, action="see the CRI field list below"))
    if command.crictl:
        plan.crictl.append(command.crictl + ("" if not intent.args else " " + " ".join(intent.args)))
    return plan
