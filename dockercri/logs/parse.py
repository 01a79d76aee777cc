"""Records of the CRI container log format.

The runtime writes one record per line::

    2026-11-26T21:22:15.163226606Z stdout F hello world

that is: an RFC 3339 timestamp with nanoseconds, a space, the stream
(``stdout`` or ``stderr``), a space, a tag, a space, then the content up
to the newline.  The first ``:``-separated element of the tag is ``P``
for a partial record (the content continues in the next record of the
same stream) and ``F`` for the last record of a line.  Following the
kubelet, any first element other than ``P`` is read as a full record.

Everything here works on bytes; content is never decoded, so invalid
UTF-8 passes through untouched.

Malformed lines
---------------
A line is a record when its first field has the *shape* of an RFC 3339
timestamp (``D-D-DTD:D:D[.D]Z`` or ``...[+-]D:D`` where ``D`` is a run of
ASCII digits), its second field is exactly ``stdout`` or ``stderr`` and
its third field (the tag) is not empty.  The content may be absent
(``... stdout F`` without a trailing space is an empty line).  Any other
line -- no timestamp, unknown stream, missing tag, a blank line -- is
skipped silently; it never raises.

A field with the right shape that does not name a real instant (month
13, hour 25, ...) keeps its record; its time reads as 0 (the epoch) for
``since``/``until`` and ``--timestamps`` prints the field as written
(with a UTC fraction padded to nine digits).

Joined lines
------------
A docker line is the concatenation of a run of ``P`` records closed by an
``F`` record *of the same stream*; records of the other stream may be
interleaved and do not disturb it.  The joined line carries the
timestamp of its **first** record: that is when the line started to be
written, and it is the value used for ``since``/``until`` filtering and
printed by ``--timestamps``.
"""

import calendar
import re
from collections import namedtuple
from datetime import datetime, timedelta, timezone

__all__ = [
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

STDOUT = "stdout"
STDERR = "stderr"
_STREAM_NAMES = (STDOUT, STDERR)

NS_PER_SECOND = 1_000_000_000

Record = namedtuple("Record", "timestamp_ns stream partial content timestamp")
Record.__doc__ = """One record of a CRI log file.

timestamp_ns: nanoseconds since the epoch (0 for an impossible instant)
stream: "stdout" or "stderr"
partial: True for a P record
content: the bytes after the tag, without the newline
timestamp: the timestamp field exactly as written (bytes)
"""

LogLine = namedtuple("LogLine", "timestamp_ns stream content timestamp")
LogLine.__doc__ = """One docker line: P records joined with their closing F record.

timestamp_ns and timestamp are those of the first record of the line.
"""

# Shape accepted as a timestamp field.  The bulk reader checks the same
# shape by deleting the digits and comparing what is left (see forward.py).
_SHAPE_RE = re.compile(rb"\d*-\d*-\d*T\d*:\d*:\d*(?:\.\d*)?(?:Z|[+-]\d*:\d*)")
_STRICT_RE = re.compile(
    rb"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:(Z)|([+-])(\d\d):(\d\d))"
)

# "YYYY-MM-DDTHH:MM:SS" -> epoch seconds, for fields already validated.
_sec_cache = {}
_SEC_CACHE_MAX = 4096


def _ts_ns(field):
    """Return the epoch nanoseconds of a timestamp field.

    None when the field does not have the shape of a timestamp; 0 when it
    has the shape but does not name a valid instant.
    """
    sec = _sec_cache.get(field[:19])
    if sec is not None:
        rest = field[19:]
        if rest == b"Z":
            return sec * NS_PER_SECOND
        if rest[:1] == b"." and rest[-1:] == b"Z":
            frac = rest[1:-1]
            if frac.isdigit():
                return sec * NS_PER_SECOND + int(frac[:9].ljust(9, b"0"))
    return _ts_ns_slow(field)


def _ts_ns_slow(field):
    ns = _strict_ns(field)
    if ns is not None:
        return ns
    return 0 if _SHAPE_RE.fullmatch(field) is not None else None


def _strict_ns(field):
    """Epoch nanoseconds of a valid RFC 3339 field, else None."""
    m = _STRICT_RE.fullmatch(field)
    if m is None:
        return None
    y, mo, d, hh, mi, ss = (int(g) for g in m.group(1, 2, 3, 4, 5, 6))
    try:
        datetime(y, mo, d, hh, mi, ss)
    except ValueError:
        return None
    sec = calendar.timegm((y, mo, d, hh, mi, ss, 0, 0, 0))
    frac = m.group(7)
    frac_ns = int(frac[:9].ljust(9, b"0")) if frac else 0
    if m.group(8) is None:
        oh, om = int(m.group(10)), int(m.group(11))
        if oh > 23 or om > 59:
            return None
        off = oh * 3600 + om * 60
        sec = sec - off if m.group(9) == b"+" else sec + off
    else:
        if len(_sec_cache) >= _SEC_CACHE_MAX:
            _sec_cache.clear()
        _sec_cache[field[:19]] = sec
    return sec * NS_PER_SECOND + frac_ns


def parse_timestamp(value):
    """Parse an RFC 3339 timestamp (str or bytes) into epoch nanoseconds.

    Raises ValueError when the value is not a valid timestamp.
    """
    if isinstance(value, str):
        value = value.encode("ascii", "replace")
    ns = _strict_ns(bytes(value))
    if ns is None:
        raise ValueError("invalid RFC 3339 timestamp: %r" % (value,))
    return ns


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_fmt_cache = {}


def _format_seconds(sec):
    s = _fmt_cache.get(sec)
    if s is None:
        dt = _EPOCH + timedelta(seconds=sec)
        s = "%04d-%02d-%02dT%02d:%02d:%02d" % (
            dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)
        if len(_fmt_cache) >= _SEC_CACHE_MAX:
            _fmt_cache.clear()
        _fmt_cache[sec] = s
    return s


def format_timestamp(ns):
    """Format epoch nanoseconds as docker prints them with --timestamps.

    RFC 3339 in UTC with exactly nine fraction digits (Go's
    RFC3339NanoFixed), e.g. ``2026-11-26T21:22:15.163226606Z``.  Raises
    OverflowError outside the years 1 to 9999.
    """
    sec, frac = divmod(int(ns), NS_PER_SECOND)
    return "%s.%09dZ" % (_format_seconds(sec), frac)


def _ts_out(field):
    """The --timestamps prefix (bytes) for a record's timestamp field."""
    if len(field) == 30 and field[29:] == b"Z":
        return field
    if field[-1:] == b"Z" and len(field) >= 20 and field[4:5] == b"-" and field[10:11] == b"T":
        sep = field[19:20]
        if sep == b"Z":
            return field[:19] + b".000000000Z"
        if sep == b".":
            return field[:20] + field[20:-1][:9].ljust(9, b"0") + b"Z"
    ns = _ts_ns(field)
    if ns:
        try:
            return format_timestamp(ns).encode("ascii")
        except (OverflowError, ValueError):  # beyond year 1..9999 in UTC
            pass
    return field


def _split(line):
    """Split a record line into (ts_field, ts_ns, stream_index, partial, content).

    stream_index is 0 for stdout and 1 for stderr.  Returns None for a
    malformed line.
    """
    parts = line.split(b" ", 3)
    if len(parts) < 3:
        return None
    stream = parts[1]
    if stream == b"stdout":
        s = 0
    elif stream == b"stderr":
        s = 1
    else:
        return None
    tag = parts[2]
    if not tag:
        return None
    ns = _ts_ns(parts[0])
    if ns is None:
        return None
    partial = tag == b"P" or tag[:2] == b"P:"
    return parts[0], ns, s, partial, (parts[3] if len(parts) == 4 else b"")


def parse_line(line):
    """Parse one line (bytes, with or without its newline) into a Record.

    Returns None for a malformed line.
    """
    if line[-1:] == b"\n":
        line = line[:-1]
    r = _split(line)
    if r is None:
        return None
    return Record(r[1], _STREAM_NAMES[r[2]], r[3], r[4], r[0])


def parse_records(data):
    """Yield the Records of a block of CRI log data (bytes).

    A last line without a newline is parsed as a line.  Malformed lines
    are skipped.
    """
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    for line in lines:
        r = _split(line)
        if r is not None:
            yield Record(r[1], _STREAM_NAMES[r[2]], r[3], r[4], r[0])


def join_records(records, flush=True):
    """Join partial records into LogLines, per stream.

    Lines are yielded in the order their closing F record appears.  With
    flush=True, partial lines still open when the records run out are
    yielded at the end (stdout first, then stderr).
    """
    pending = {STDOUT: None, STDERR: None}
    for rec in records:
        p = pending[rec.stream]
        if p is None:
            if rec.partial:
                pending[rec.stream] = (rec, [rec.content])
            else:
                yield LogLine(rec.timestamp_ns, rec.stream, rec.content, rec.timestamp)
        else:
            p[1].append(rec.content)
            if not rec.partial:
                pending[rec.stream] = None
                first = p[0]
                yield LogLine(first.timestamp_ns, first.stream, b"".join(p[1]), first.timestamp)
    if flush:
        for name in (STDOUT, STDERR):
            p = pending[name]
            if p is not None:
                first = p[0]
                yield LogLine(first.timestamp_ns, first.stream, b"".join(p[1]), first.timestamp)
