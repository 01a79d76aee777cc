"""Container logs in the CRI log format, shown as ``docker logs`` shows them.

Public API::

    from dockercri.logs import LogOptions, write_logs
    opts = LogOptions(tail=None, since_ns=None, until_ns=None,
                      timestamps=False, follow=False)
    write_logs(path, opts, stdout, stderr, is_running=lambda: False,
               stop=None, poll_interval=0.25)

Lower-level pieces: parse_line, parse_records, join_records (records and
docker lines), parse_timestamp, format_timestamp (RFC 3339 with nine
fraction digits, UTC).
"""

from .api import stream_logs, write_logs
from .options import LogOptions, to_ns
from .parse import (
    STDERR,
    STDOUT,
    LogLine,
    Record,
    format_timestamp,
    join_records,
    parse_line,
    parse_records,
    parse_timestamp,
)

__all__ = [
    "LogOptions",
    "write_logs",
    "stream_logs",
    "to_ns",
    "Record",
    "LogLine",
    "STDOUT",
    "STDERR",
    "parse_line",
    "parse_records",
    "join_records",
    "parse_timestamp",
    "format_timestamp",
]
