"""container prune's --filter, read when the command runs (until= is relative to now)."""

import datetime

from dockercri import filters
from dockercri.errors import DockerCLIError, daemon_error


def container_filters(context, request):
    """({key: [values]}, until in ns or None): label=, label!= and until= (docker's Go
    duration or timestamp), checked before anything is removed."""
    from dockercri.mapping import transforms
    pairs = [transforms.filter_pair(raw) for raw in request["filters"]]
    chosen = filters.parse(pairs, filters.PRUNE_KEYS)
    untils = chosen.pop("until", [])
    if len(untils) > 1:
        raise DockerCLIError("Error response from daemon: more than one until filter "
                             "specified", exit_code=1)
    if not untils:
        return chosen, None
    now = datetime.datetime.fromtimestamp(context.session.env.clock()).astimezone()
    try:
        return chosen, transforms.log_time(untils[0], now=now)
    except ValueError as error:  # the daemon checks it in docker
        raise daemon_error(str(error))
