"""Plans for command lines docker rejects after parsing them (exit 1, its own words)."""

import functools

from dockercri.errors import DockerCLIError, PlainError
from dockercri.plan.common import start
from dockercri.plan.model import Step


def rejecting_plan(intent, command, error):
    plan = start(command, intent)
    plan.add(Step("reject", node="dockercri.node.refuse:refuse",
                  request={"message": error.message, "exit_code": error.exit_code,
                           "plain": isinstance(error, PlainError)},
                  action="docker rejects this command line: %s (exit %d)"
                         % (error.message.splitlines()[0], error.exit_code)))
    return plan


def rejects(planner):
    """A planner whose checks of the values docker's client or daemon would refuse become a
    plan of that refusal, not an error while planning (explain still explains)."""
    @functools.wraps(planner)
    def plan(intent, command):
        try:
            return planner(intent, command)
        except DockerCLIError as error:
            return rejecting_plan(intent, command, error)
    return plan
