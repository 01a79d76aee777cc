"""Value parsers named by the mapping table's `transform` keys.

Each function takes ONE value as typed on the command line (one occurrence of a
repeatable flag) and returns it converted to what CRI wants, with CRI's proto
field names wherever the result is a message. The caller collects the results
of repeatable flags in order (later occurrences override earlier ones where
that matters, as in docker). Functions that need more than the value take it
as a keyword argument with a default that makes them usable alone: `environ`
(a mapping, for bare KEY in -e/-l/--env-file), `now` (an aware datetime, for
relative times) and `cwd` (for relative paths).

Errors: a bad value raises ValueError whose message is docker 19.03's own
wording where docker has one (else a plain sentence in the same style). The
message is the part docker prints after the flag: functions marked with
`at_parse = True` are the ones docker validates while it parses flags, and the
command line prints their error through `flag_error()`:

    invalid argument "x" for "-m, --memory" flag: invalid size: 'x'

Errors of the other functions are reported as docker reports errors found
after parsing (`docker: MESSAGE.` for run/create). All functions are pure:
they read no files except `env_file` and `label_file`, whose job it is.
"""

from .sizes import (  # noqa: F401
    ram_in_bytes,
    memory_swap,
    go_duration,
    log_time,
    tail_lines,
    cpus,
)
from .environment import env_var, label, key_value, env_file, label_file  # noqa: F401
from .networking import (  # noqa: F401
    ip_address,
    dns_search,
    extra_host,
    port_specs,
    network_mode,
    ipc_mode,
    pid_mode,
    userns_mode,
)
from .mounts import volume_spec, mount_spec, volumes_from, device_spec  # noqa: F401
from .security import (  # noqa: F401
    user_spec,
    group_id,
    capability,
    security_opt,
    signal_name,
    sysctl,
    container_name,
    attach_streams,
    filter_pair,
)
from ._common import HELPERS, flag_error  # noqa: F401

__all__ = [
    "attach_streams", "capability", "container_name", "cpus", "device_spec", "dns_search",
    "env_file", "env_var", "extra_host", "filter_pair", "flag_error", "go_duration",
    "group_id", "ip_address", "ipc_mode", "key_value", "label", "label_file", "log_time",
    "memory_swap", "mount_spec", "network_mode", "pid_mode", "port_specs", "ram_in_bytes",
    "security_opt", "signal_name", "sysctl", "tail_lines", "user_spec", "userns_mode",
    "volume_spec", "volumes_from",
]
