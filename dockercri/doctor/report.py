"""Check results and their two renderings: aligned text and JSON."""

import json

from dockercri.record import Record

STATUSES = ("ok", "warn", "fail", "skip")


class Result(Record):
    FIELDS = ("check", "status", "detail", ("fix", None))


def ok(check, detail):
    return Result(check, "ok", detail)


def warn(check, detail, fix):
    return Result(check, "warn", detail, fix)


def fail(check, detail, fix):
    return Result(check, "fail", detail, fix)


def skip(check, why):
    return Result(check, "skip", "does not apply: " + why)


def _indent(text, prefix):
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def render_text(results):
    lines = []
    for result in results:
        head, _, rest = result.detail.partition("\n")
        if result.status == "skip":
            lines.append("skip  %s (%s)" % (result.check, head))
        else:
            lines.append("%-6s%s: %s" % (result.status, result.check, head))
        if rest:
            lines.append(_indent(rest, "      "))
        if result.fix and result.status in ("warn", "fail"):
            first, _, more = result.fix.partition("\n")
            lines.append("      fix: " + first)
            if more:
                lines.append(_indent(more, "           "))
    counts = {status: sum(1 for r in results if r.status == status) for status in STATUSES}
    lines.append("")
    lines.append("%d ok, %d warn, %d fail, %d skip" % tuple(counts[s] for s in STATUSES))
    return "\n".join(lines) + "\n"


def render_json(results):
    return json.dumps([r.as_dict() for r in results], indent=2) + "\n"
