"""Timestamps as docker prints and reads them (RFC3339 with nanoseconds, UTC)."""

import calendar
import re
import time

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:\d{2})$")
ZERO_TIME = "0001-01-01T00:00:00Z"


def parse_rfc3339_ns(text):
    match = _RFC3339.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, frac, zone = match.groups()
    seconds = calendar.timegm((int(year), int(month), int(day), int(hour), int(minute),
                               int(second), 0, 0, 0))
    if zone not in ("Z", "z"):
        sign = 1 if zone[0] == "+" else -1
        seconds -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    nanos = int((frac or "0")[:9].ljust(9, "0"))
    return seconds * 1_000_000_000 + nanos


def rfc3339_nano(ns):
    """Go's RFC3339Nano: fraction with trailing zeros trimmed; docker's zero time for 0."""
    if not ns:
        return ZERO_TIME
    seconds, nanos = divmod(int(ns), 1_000_000_000)
    base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    frac = ("%09d" % nanos).rstrip("0")
    return base + ("." + frac if frac else "") + "Z"


def go_time_string(ns):
    """Go's time.Time.String() in UTC, as docker's CreatedAt prints it:
    2026-11-26 21:53:24 +0000 UTC."""
    seconds = int(ns) // 1_000_000_000
    return time.strftime("%Y-%m-%d %H:%M:%S +0000 UTC", time.gmtime(seconds))
