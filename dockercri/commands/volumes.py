"""volume ls/inspect/rm/prune: docker's output for a daemon with no volumes."""

from dockercri import filters
from dockercri.errors import DockerCLIError
from dockercri.mapping import transforms

VOLUME_FILTERS = ("dangling", "driver", "label", "name")  # what docker 19.03's daemon accepts


class VolumeContext:
    """docker's volume formatter context (no rows ever reach it: only its headers are used)."""

    __go_type__ = "*formatter.volumeContext"
    HEADERS = {"Name": "VOLUME NAME", "Driver": "DRIVER", "Scope": "SCOPE",
               "Mountpoint": "MOUNTPOINT", "Labels": "LABELS", "Label": "LABEL",
               "Links": "LINKS", "Size": "SIZE"}
    DEFAULT = ("Driver", "Name")


def run_volume_ls(intent, plan, session):
    from dockercri.render.output import write

    filters.parse([transforms.filter_pair(raw) for raw in intent.opt("filter") or ()],
                  VOLUME_FILTERS)
    if intent.opt("quiet"):
        return 0
    write(session, intent.opt("format"), [], VolumeContext.DEFAULT, VolumeContext.HEADERS)
    return 0


def _no_such(names):
    return "\n".join("Error: No such volume: %s" % name for name in names)


def run_volume_inspect(intent, plan, session):
    # docker prints what it found ([] or, with a template, an empty line), then the errors
    session.out("" if intent.opt("format") else "[]")
    raise DockerCLIError(_no_such(intent.args), exit_code=1)


def run_volume_rm(intent, plan, session):
    if intent.opt("force"):
        for name in intent.args:  # docker -f: a missing volume is not an error
            session.out(name)
        return 0
    raise DockerCLIError(_no_such(intent.args), exit_code=1)


def run_volume_prune(intent, plan, session):
    from dockercri.commands.prompt import confirm

    filters.parse([transforms.filter_pair(raw) for raw in intent.opt("filter") or ()],
                  ("label", "label!"))
    if not intent.opt("force") and not confirm(
            session, "WARNING! This will remove all local volumes not used by at least one "
                     "container.\nAre you sure you want to continue?"):
        return 0
    session.out("Total reclaimed space: 0B")
    return 0
