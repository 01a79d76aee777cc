"""volume ls/inspect/rm/prune: CRI has no named volumes, so docker's answers are those of
a daemon that has none. The plans make no runtime call; explain says why."""

from dockercri.plan.common import start
from dockercri.plan.model import Step

NO_VOLUMES = ("CRI has no named volumes: a container's mounts are host paths given when it is "
              "created, so there are none to list, inspect, remove or prune",)


def _plan(intent, command, action):
    plan = start(command, intent)
    plan.add(Step("volumes", action=action, why=NO_VOLUMES))
    return plan


def plan_volume_ls(intent, command):
    return _plan(intent, command, "print docker's empty volume list (a header, or nothing with -q)")


def plan_volume_inspect(intent, command):
    return _plan(intent, command, 'print [] and "No such volume" for each name')


def plan_volume_rm(intent, command):
    return _plan(intent, command, '"No such volume" for each name (-f: the name, as docker)')


def plan_volume_prune(intent, command):
    return _plan(intent, command, "nothing to remove: Total reclaimed space: 0B")
