"""Options of ``docker logs``."""

from datetime import datetime, timezone

from dockercri.record import Record

from .parse import NS_PER_SECOND

__all__ = ["LogOptions", "to_ns"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def to_ns(value):
    """Convert a point in time to epoch nanoseconds.

    Accepts None (returned as is), an int (already nanoseconds), a float
    (seconds) or a datetime.  A naive datetime is taken as UTC.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("expected a time, got %r" % (value,))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(round(value * NS_PER_SECOND))
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        delta = value - _EPOCH
        return (delta.days * 86400 + delta.seconds) * NS_PER_SECOND + delta.microseconds * 1000
    raise TypeError("expected epoch nanoseconds or a datetime, got %r" % (value,))


class LogOptions(Record):
    """What to show of a container log.

    tail: None or "all" for the whole log, else the number of lines to
        show from the end (a negative number means all, as in docker).
    since_ns: show lines whose timestamp is >= this (epoch nanoseconds;
        a datetime is accepted and converted).
    until_ns: show lines whose timestamp is < this.
    timestamps: prefix each line with its timestamp, RFC 3339 with nine
        fraction digits in UTC.
    follow: keep reading as the log grows.
    details: docker's --details: each line's log attributes and a space before its text;
        a CRI log keeps no attributes, so the space alone.
    """

    FIELDS = (("tail", None), ("since_ns", None), ("until_ns", None), ("timestamps", False),
              ("follow", False), ("details", False))

    def __post_init__(self):
        tail = self.tail
        if isinstance(tail, str):
            t = tail.strip().lower()
            if t in ("", "all"):
                tail = None
            else:
                try:
                    tail = int(t)
                except ValueError:
                    raise ValueError("invalid tail value: %r" % (self.tail,)) from None
        if tail is not None:
            if isinstance(tail, bool) or not isinstance(tail, int):
                raise TypeError("tail must be an int, 'all' or None, got %r" % (self.tail,))
            if tail < 0:
                tail = None
        self.tail = tail
        self.since_ns = to_ns(self.since_ns)
        self.until_ns = to_ns(self.until_ns)
