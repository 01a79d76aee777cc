"""Turning what docker and dockercri print into comparable structures.

Values that differ between any two runs (ids, times, durations, memory
figures) are normalised away; everything else is kept, so that a comparison
fails on a real difference. Tables are parsed into cells by the header's
column offsets, and each side's spacing is checked against Go's tabwriter
rule separately (docker 20.10 pads columns to at least 10 characters, 19.03
and dockercri to at least 20).
"""

import json
import re

ID64 = re.compile(r"\b[0-9a-f]{64}\b")
ID12 = re.compile(r"\b[0-9a-f]{12}\b")
TIMESTAMP = re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z")
DURATION = re.compile(r"\b(?:Less than a second|About a minute|About an hour|"
                      r"\d+ (?:second|minute|hour|day|week|month|year)s?)\b")
PERCENT = re.compile(r"^\d+\.\d\d%$")
SIZE = re.compile(r"^\d+(?:\.\d+)?(?:B|kB|KiB|MiB|GiB|TiB|MB|GB|TB)$")


def normalise(text, side=None):
    """ids -> <ID>/<ID12>, log timestamps -> <TIMESTAMP>, durations -> <DURATION>."""
    text = ID64.sub("<ID>", text)
    text = ID12.sub("<ID12>", text)
    text = TIMESTAMP.sub("<TIMESTAMP>", text)
    text = DURATION.sub("<DURATION>", text)
    if side == "dockercri":
        text = re.sub(r"\bdockercri\b", "docker", text)
    return text


# docker 20.10's `run` waits for the container in a goroutine; when the start fails it
# cancels that wait itself, and the goroutine logs the cancellation (logrus:
# time="..." level=error msg="error waiting for container: context canceled") only if
# it runs before the client exits or the --rm removal is reported. The same command
# prints the line on one run and not on the next: docker's client racing itself, not an
# answer of the engine. What is deterministic (the start error, the exit status 126 or
# 127) is compared; this line alone is dropped from docker's stderr.
RACY_WAIT_ERROR = re.compile(
    r'^(?:time="[^"]*" level=error msg="|ERRO\[\d+\] )'
    r'error waiting for container: context canceled"?\n', re.M)


def deterministic_stderr(text):
    return RACY_WAIT_ERROR.sub("", text)


# -- tables -------------------------------------------------------------------

class TableError(AssertionError):
    pass


def parse_table(text):
    """Header cells and row cells of a tabwriter table (padding 3, spaces)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise TableError("no table: %r" % text)
    header_line = lines[0]
    header = re.split(r" {2,}", header_line.strip())
    starts, at = [], 0
    for name in header:
        at = header_line.index(name, at)
        starts.append(at)
        at += len(name)
    rows = []
    for line in lines[1:]:
        cells = []
        for i, start in enumerate(starts):
            if start and len(line) > start and line[start - 1] != " ":
                raise TableError("row does not fit the header's columns: %r" % line)
            end = starts[i + 1] if i + 1 < len(starts) else None
            cells.append(line[start:end].rstrip(" "))
        rows.append(cells)
    return header, rows


def render_table(header, rows, minwidth, padding=3):
    """What Go's text/tabwriter writes for these cells (last column unpadded)."""
    table = [header] + rows
    widths = [max(max(len(r[i]) for r in table) + padding, minwidth)
              for i in range(len(header) - 1)]
    out = []
    for r in table:
        out.append("".join(c.ljust(w) for c, w in zip(r, widths)) + r[-1])
    return "\n".join(out) + "\n"


def table_min_widths(text, header, rows):
    """The tabwriter minimum widths (of 10 and 20) that reproduce `text` exactly."""
    return tuple(w for w in (10, 20) if render_table(header, rows, w) == text)


# -- per-kind structures ------------------------------------------------------

def _table_cell(column, cell):
    cell = normalise(cell)
    if column in ("CPU %", "MEM %") and PERCENT.match(cell):
        return "<PERCENT>"
    if column == "MEM USAGE / LIMIT":
        usage, sep, limit = cell.partition(" / ")
        if sep and SIZE.match(usage):
            return "<SIZE> / " + limit
    return cell


def table(text, keep):
    """{"header", "rows", "min_width"}; rows filtered by keep(dict of cells)."""
    header, rows = parse_table(text)
    widths = table_min_widths(text, header, rows)
    kept = [[_table_cell(h, c) for h, c in zip(header, row)]
            for row in rows if keep(dict(zip(header, row)))]
    return {"header": header, "rows": kept, "min_width": widths}


def id_lines(text, names_by_id, full):
    """-q output: every line an id of the expected length; ours mapped to names."""
    lines = text.splitlines()
    shape = re.compile(r"^[0-9a-f]{64}$" if full else r"^[0-9a-f]{12}$")
    bad = [line for line in lines if not shape.match(line)]
    named = [names_by_id[line[:12]] for line in lines if line[:12] in names_by_id]
    return {"bad_lines": bad, "ours": named}


# The keys whose values are compared as well as listed (value-stable ones).
_CONTAINER_VALUES = (("Name",), ("Path",), ("Args",), ("State", "Status"),
                     ("State", "Running"), ("State", "ExitCode"), ("Config", "Cmd"),
                     ("Config", "Entrypoint"), ("Config", "Labels"), ("Config", "Image"))
_IMAGE_VALUES = (("Id",), ("Config", "Env"), ("Config", "Cmd"), ("Architecture",),
                 ("Os",), ("RootFS",))


def _dig(doc, path):
    for key in path:
        if not isinstance(doc, dict) or key not in doc:
            return "<absent>"
        doc = doc[key]
    return doc


def inspect_doc(doc):
    """Keys (ordered at the top, as sets below) and value-stable fields of one object."""
    kind = "container" if "State" in doc else "image"
    out = {"kind": kind, "keys": list(doc)}
    for key, value in doc.items():
        if isinstance(value, dict) and key not in ("Labels",):
            out[key + ".keys"] = sorted(value)
    for path in (_CONTAINER_VALUES if kind == "container" else _IMAGE_VALUES):
        out[".".join(path)] = _dig(doc, path)
    return out


def inspect(text):
    try:
        docs = json.loads(text)
    except ValueError:
        return {"unparsable": text}
    return [inspect_doc(d) for d in docs]
