"""docker's humanised times and sizes (go-units), so CREATED and SIZE read the same."""


def human_duration(seconds):
    """go-units HumanDuration."""
    secs = int(seconds)
    if secs < 1:
        return "Less than a second"
    if secs == 1:
        return "1 second"
    if secs < 60:
        return "%d seconds" % secs
    minutes = int(seconds / 60)
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return "%d minutes" % minutes
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return "%d hours" % hours
    if hours < 24 * 7 * 2:
        return "%d days" % (hours // 24)
    if hours < 24 * 30 * 2:
        return "%d weeks" % (hours // 24 // 7)
    if hours < 24 * 365 * 2:
        return "%d months" % (hours // 24 // 30)
    return "%d years" % (int(seconds / 3600) // 24 // 365)


def ago(now, then_ns):
    return human_duration(max(0.0, now - then_ns / 1e9)) + " ago"


_DECIMAL = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_BINARY = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")


def _scaled(size, base, units):
    size = float(size)
    index = 0
    while size >= base and index < len(units) - 1:
        size /= base
        index += 1
    return size, units[index]


def _g(value, precision):
    """Go's %.Ng: precision significant digits, no trailing zeros."""
    return "%.*g" % (precision, value)


def human_size(size, precision=3):
    """go-units HumanSizeWithPrecision: decimal units, 3 significant digits (1.98MB)."""
    value, unit = _scaled(size, 1000.0, _DECIMAL)
    return "%s%s" % (_g(value, precision), unit)


def bytes_size(size):
    """go-units BytesSize: binary units with two decimals (1.5MiB), as docker stats prints."""
    value, unit = _scaled(size, 1024.0, _BINARY)
    return "%.4g%s" % (value, unit)
