"""Value parsers: sizes and times."""

import re

from ._common import _at_parse, _digits  # noqa: F401

_SIZE = re.compile(r"^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?\Z")
_BINARY = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


@_at_parse
def ram_in_bytes(value):
    """A size with binary units, as docker's -m: "512m", "1g", "1.5GiB", "1024" -> bytes (int).

    go-units RAMInBytes: an optional space, a unit letter k/m/g/t/p (any case)
    optionally followed by i and/or b; fractions are truncated after scaling.
    """
    import decimal  # imported on use: start-up cost
    match = _SIZE.match(value)
    if not match:
        raise ValueError("invalid size: '%s'" % value)
    number = match.group(1)
    if number.count(".") > 1:
        raise ValueError('strconv.ParseFloat: parsing "%s": invalid syntax' % number)
    size = decimal.Decimal(number)
    unit = (match.group(3) or "").lower()
    if unit:
        size *= _BINARY[unit]
    return int(size)


@_at_parse
def memory_swap(value):
    """--memory-swap: a size as ram_in_bytes, or "-1" for unlimited swap (returns -1)."""
    if value == "-1":
        return -1
    return ram_in_bytes(value)


_DURATION_UNITS = {
    "ns": 1, "us": 1000, "\u00b5s": 1000, "\u03bcs": 1000, "ms": 1000000,
    "s": 1000000000, "m": 60000000000, "h": 3600000000000,
}
_DURATION_PART = re.compile(r"([0-9]*(?:\.[0-9]*)?)([^0-9.]*)")


@_at_parse
def go_duration(value):
    """A Go duration ("10s", "1m30s", "1.5h", "-2m", "0") -> nanoseconds (int).

    Units ns, us (or µs), ms, s, m, h; several parts add up; "0" needs no unit.
    Messages are those of the Go release docker 19.03 was built with.
    """
    import decimal  # imported on use: start-up cost
    text = value
    negative = False
    if text[:1] in ("-", "+"):
        negative = text[0] == "-"
        text = text[1:]
    if text == "0":
        return 0
    if not text:
        raise ValueError("time: invalid duration %s" % value)
    total = decimal.Decimal(0)
    pos = 0
    while pos < len(text):
        match = _DURATION_PART.match(text, pos)
        number, unit = match.group(1), match.group(2)
        if number in ("", "."):
            raise ValueError("time: invalid duration %s" % value)
        if not unit:
            raise ValueError("time: missing unit in duration %s" % value)
        if unit not in _DURATION_UNITS:
            raise ValueError("time: unknown unit %s in duration %s" % (unit, value))
        total += decimal.Decimal(number) * _DURATION_UNITS[unit]
        pos = match.end()
    if total > (1 << 63) - 1:
        raise ValueError("time: invalid duration %s" % value)
    nanos = int(total)
    return -nanos if negative else nanos


_STAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:T(\d{2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?)?"
    r"(Z|z|[+-]\d{2}:\d{2})?\Z")


def log_time(value, now=None):
    """--since/--until of logs -> nanoseconds since the epoch (int).

    Accepted, as docker's timetypes.GetTimestamp: a Go duration meaning that
    long before `now` ("10m", "1h30m"); RFC3339 / RFC3339Nano timestamps, also
    cut short after the date, the hour or the minute ("2013-01-02",
    "2013-01-02T13:23:37.5Z", "2013-01-02T13:23+01:00"), in `now`'s time zone
    when they carry none; and unix seconds with an optional fraction
    ("1500000000", "1500000000.123456789"). "0" is the epoch. `now` defaults
    to the current time in the local zone.
    """
    import datetime  # imported on use: start-up cost
    if now is None:
        now = datetime.datetime.now().astimezone()
    elif now.tzinfo is None:
        now = now.astimezone()
    if value != "0":
        try:
            nanos = go_duration(value)
        except ValueError:
            pass
        else:
            # docker keeps whole seconds of (now - duration)
            return (_epoch_nanos(now) - nanos) // 1000000000 * 1000000000
    match = _STAMP.match(value)
    if match:
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        try:
            stamp = datetime.datetime(int(year), int(month), int(day), int(hour or 0),
                                      int(minute or 0), int(second or 0))
        except ValueError as err:
            raise ValueError('parsing time "%s": %s' % (value, err))
        if zone is None:
            # docker parses it in the fixed offset `now` has
            stamp = stamp.replace(tzinfo=datetime.timezone(now.utcoffset()))
        elif zone in ("Z", "z"):
            stamp = stamp.replace(tzinfo=datetime.timezone.utc)
        else:
            sign = 1 if zone[0] == "+" else -1
            delta = datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
            stamp = stamp.replace(tzinfo=datetime.timezone(sign * delta))
        nanos = _epoch_nanos(stamp)
        if fraction:
            digits = fraction[1:10].ljust(9, "0")
            nanos += int(digits)
        return nanos
    if "-" in value:
        raise ValueError('parsing time "%s": cannot parse "%s" as a timestamp' % (value, value))
    secs, dot, frac = value.partition(".")
    if not _digits(secs) or (dot and not _digits(frac)):
        raise ValueError('failed to parse value as time or duration: "%s"' % value)
    return int(secs) * 1000000000 + int((frac + "000000000")[:9] if frac else 0)


def _epoch_nanos(stamp):
    import datetime  # imported on use: start-up cost
    delta = stamp - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 1000000000 + delta.microseconds * 1000


def tail_lines(value):
    """--tail of logs -> number of lines (int), -1 for all.

    "all", a negative number and anything that is not a number mean every line
    (the daemon falls back to all rather than failing).
    """
    try:
        lines = int(value)
    except ValueError:
        return -1
    return lines if lines >= 0 else -1


_RATIONAL = re.compile(r"^[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|\d+/\d+)\Z")


@_at_parse
def cpus(value):
    """--cpus ("1.5", "0.25", "3/2", or a number) -> {"cpu_period": 100000, "cpu_quota": int}.

    docker parses the value as a rational number of CPUs (NanoCPUs) and the
    daemon turns it into CFS settings with a 100ms period; CRI has only those.
    """
    import fractions  # imported on use: start-up cost
    if not isinstance(value, str):
        value = repr(value)  # the command line may hand over a float already
    if not _RATIONAL.match(value):
        raise ValueError("failed to parse %s as a rational number" % value)
    try:
        amount = fractions.Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ValueError("failed to parse %s as a rational number" % value)
    nanos = amount * 1000000000
    if nanos.denominator != 1:
        raise ValueError("value is too precise")
    period = 100000
    return {"cpu_period": period, "cpu_quota": int(nanos) * period // 1000000000}
