"""Signals other than KILL: CRI has none, the node's kernel has."""

import os
import signal as signals

from dockercri.errors import DockerCLIError, daemon_error


def number(name):
    if name.isdigit():
        return int(name)
    found = getattr(signals, "SIG" + name, None)
    if found is None:
        raise DockerCLIError("Invalid signal: %s" % name, exit_code=1)
    return int(found)


def send(context, request, name):
    pid, wanted = request["pid"], request["signal"]
    if pid <= 0:
        raise daemon_error("Cannot kill container: %s: the runtime does not report the "
                           "container's pid, so SIG%s cannot be delivered" % (name, wanted))
    os.kill(pid, number(wanted))
