"""Commands the table marks unsupported as a whole: one planner for all of them.

A refused command is a table entry, not code: its [command] row says why CRI
cannot do it (`reason`) and what to do instead (`workaround`), and this planner
turns that into a plan with no runtime call, so explain shows the refusal and
running it says the same words.
"""

from dockercri.plan.common import start
from dockercri.plan.model import Step


def refusal_text(command):
    return "%s: %s - %s" % (command.name, command.reason.rstrip("."), command.workaround)


def plan_refused(intent, command):
    plan = start(command, intent)
    plan.refusals[:] = [refusal_text(command)]  # the command itself; its flags do not matter
    plan.add(Step("refuse", action="refuse: %s is not possible over CRI (exit 1)" % command.name,
                  why=(command.reason,)))
    return plan
