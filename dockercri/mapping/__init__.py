"""The mapping table: how each docker 19.03 flag becomes CRI, as data.

One TOML file per command in the repository's top-level `mapping/` directory
(`ps.toml`, `container_prune.toml`, crictl-only verbs such as `runp.toml`), one
`[[flag]]` row per flag. An installed wheel carries them as the package data
`dockercri/mapping/table/` (setup.py maps that package onto `mapping/`). The same
rows build the command line's options, their --help annotations, `dockercri
explain` and docs/support-matrix.md.

    from dockercri import mapping
    mapping.command_names()            # every command name, sorted
    mapping.command("container ls")    # the ps Command (names and aliases)
    mapping.resolve(["image", "ls", "-a"])  # (images Command, 2)

Files are read lazily and cached: `command("ps")` reads ps.toml only. Looking up
an alias (or calling command_names/resolve) reads the `[command]` header of every
file once, not their flag rows.

Row keys (`Flag` fields): name, short, type, default, metavar, help, hidden,
status, cri, crictl, crictl_since, transform, note, reason, workaround. `help`
is the usage string docker hands to its flag library, which appends
" (default X)" itself when `default` is not the zero value of the type.
`transform` names a function in dockercri.mapping.transforms.

`include = "create"` in a `[command]` table takes every row of create.toml as
this command's too (run and create share 90-odd flags): a row of the file
itself replaces the included row of that name or adds one, and the rows come
out sorted by name, as docker lists them.
"""

import json
import os
import re

from dockercri.record import Record

__all__ = ["ARGS", "KINDS", "STATUSES", "TYPES", "Command", "Flag", "command", "command_names",
           "resolve"]

STATUSES = ("mapped", "derived", "emulated", "unsupported")
TYPES = ("bool", "string", "int", "uint", "float", "list", "duration", "bytes", "map")
KINDS = ("docker", "crictl", "dockercri")
# Positional shapes. "image-and-command": IMAGE for run/create, then an optional
# command and its arguments, which are not parsed as flags. "command": exec's
# CONTAINER COMMAND [ARG...], at least two. "at-most-one": an optional operand
# (images [REPOSITORY[:TAG]], login [SERVER]). "any": zero or more operands.
# "two": exactly two (tag SOURCE TARGET); "one-or-two": port CONTAINER [PORT].
ARGS = ("none", "one", "at-most-one", "one-or-more", "image-and-command", "command", "any", "two",
        "one-or-two")


def _table_dir():
    """Where the TOML files are: inside the installed package, else the checkout's mapping/."""
    here = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(here, "table")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(os.path.dirname(here)), "mapping")


_DIR = _table_dir()

_COMMAND_KEYS = {"name": str, "kind": str, "usage": str, "summary": str, "aliases": list,
                 "args": str, "crictl": str, "rpcs": list, "k8s_table": dict, "note": str, "include": str,
                 "status": str, "reason": str, "workaround": str}
_COMMAND_REQUIRED = frozenset(("name", "kind", "usage", "summary", "args", "note"))
_K8S_KEYS = ("crictl", "description", "unsupported")
_FLAG_KEYS = {"name": str, "short": str, "type": str, "default": object, "metavar": str,
              "help": str, "hidden": bool, "status": str, "cri": list, "crictl": str,
              "crictl_since": str, "transform": str, "note": str, "reason": str,
              "workaround": str}
_FLAG_REQUIRED = frozenset(("name", "type", "help", "status"))
# `differs`, on a row or on the [command] table: what a script that ran the command
# against Docker may find different even though it runs; `dockercri audit` reports
# it. A command's `differs` is about its printed output, which -q/--quiet reduces
# to ids, so the audit does not report it for a quiet call.
_COMMAND_KEYS["differs"] = _FLAG_KEYS["differs"] = str


class Flag(Record):
    FIELDS = (
        "name",               # "--no-trunc"
        ("short", ""),        # "-a", or ""
        ("type", "bool"),
        ("default", None),    # docker's default; None when docker has none
        ("metavar", ""),
        ("help", ""),
        ("hidden", False),
        ("status", "mapped"),
        ("cri", ()),
        ("crictl", ""),
        ("crictl_since", ""),
        ("transform", ""),
        ("note", ""),
        ("reason", ""),
        ("workaround", ""),
        ("differs", ""),      # what a script may find different from docker (audit)
        ("dest", ""),  # python identifier from the long name: "--no-trunc" -> "no_trunc"
    )
    FROZEN = True

    @property
    def takes_value(self):
        return self.type != "bool"


class Command(Record):
    FIELDS = ("name", "kind", "usage", "summary",
              "aliases",    # tuple of names
              "args", "crictl",
              "rpcs",       # tuple of "Service.Method"
              "k8s_table",  # the Kubernetes mapping table's row (a dict), or None
              "note",
              "flags",      # tuple of Flag
              ("differs", ""),  # what a script may find different from docker (audit)
              # "unsupported": the whole command is refused (reason, workaround say
              # why and what to do instead); "emulated": done on the node, not through
              # CRI; "" leaves it to the flag rows.
              ("status", ""), ("reason", ""), ("workaround", ""))
    FROZEN = True

    def flag(self, name_or_short):
        """The row for "--all", "-a" or "all"; KeyError if the command has no such flag."""
        wanted = name_or_short
        if not wanted.startswith("-"):
            wanted = ("-" if len(wanted) == 1 else "--") + wanted
        for row in self.flags:
            if row.name == wanted or (row.short and row.short == wanted):
                return row
        raise KeyError("%s has no flag %s" % (self.name, name_or_short))


class TableError(ValueError):
    """A mapping file that does not follow the schema."""


# ---------------------------------------------------------------- reading TOML quickly
#
# The files use a small, regular part of TOML: `[command]`, `[[flag]]`, and
# one `key = value` a line whose value is a basic string, a boolean, a number,
# an array of those, or an inline table of strings. That part is read here
# with the json module (several times faster than a full TOML parser, which
# matters at every start-up); anything else in a file makes the reader fall
# back to tomllib/tomli. tests/unit/test_mapping.py checks that both readers
# give the same data for every file.

_INLINE_ITEM = re.compile(r'\s*([A-Za-z0-9_]+) = ("(?:[^"\\]|\\.)*")\s*(,|\Z)')


class _NotSimple(Exception):
    pass


def _inline_table(text):
    """`{ a = "x", b = "y" }` -> the same table as JSON text."""
    body = text.strip()
    if not (body.startswith("{") and body.endswith("}")):
        raise _NotSimple(text)
    body = body[1:-1].strip()
    items = []
    pos = 0
    while pos < len(body):
        match = _INLINE_ITEM.match(body, pos)
        if not match:
            raise _NotSimple(text)
        items.append('"%s":%s' % (match.group(1), match.group(2)))
        pos = match.end()
    return "{" + ",".join(items) + "}"


def _parse_simple(text):
    """The regular subset of TOML the table uses, rewritten as one JSON document.

    Each `key = value` line becomes `"key":value` (the values are JSON as they
    stand), `[command]` opens the first object and each `[[flag]]` one more
    item of the flag array; one json.loads then reads it all.
    """
    if "\\/" in text:
        raise _NotSimple("\\/")
    head = []
    rows = []
    out = None
    for line in text.split("\n"):
        key, sep, value = line.partition(" = ")
        if sep and out is not None and key.isidentifier() and value:
            if value[0] == "{":
                value = _inline_table(value)
            out.append(',"' + key + '":' + value)
        elif line == "[[flag]]":
            out = ["{"]
            rows.append(out)
        elif line == "[command]" and out is None:
            out = head
        elif line and line[0] != "#":
            raise _NotSimple(line)
    document = '{"command":{' + "".join(head)[1:] + "}"
    if rows:
        document += ',"flag":[' + "},".join("".join(row).replace("{,", "{", 1) for row in rows) + "}]"
    try:
        return json.loads(document + "}")
    except ValueError:
        raise _NotSimple(document[:40])


def _parse_toml(text):
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib
    return tomllib.loads(text)


def _parse(text):
    try:
        return _parse_simple(text)
    except _NotSimple:
        return _parse_toml(text)


# ---------------------------------------------------------------- building commands

def _check(where, table, keys, required, strict):
    unknown = table.keys() - keys.keys()
    if unknown:
        raise TableError("%s: unknown key(s) %s" % (where, ", ".join(sorted(unknown))))
    missing = required - table.keys()
    if missing:
        raise TableError("%s: missing key(s) %s" % (where, ", ".join(sorted(missing))))
    if strict:
        for key, value in table.items():
            kind = keys[key]
            if kind is not object and not isinstance(value, kind):
                raise TableError("%s: %s must be a %s" % (where, key, kind.__name__))
            if kind is list and not all(isinstance(item, str) for item in value):
                raise TableError("%s: %s must be a list of strings" % (where, key))


def _flag(where, row, strict):
    _check(where, row, _FLAG_KEYS, _FLAG_REQUIRED, strict)
    if row["status"] not in STATUSES:
        raise TableError("%s: status %r is not one of %s" % (where, row["status"], STATUSES))
    if row["type"] not in TYPES:
        raise TableError("%s: type %r is not one of %s" % (where, row["type"], TYPES))
    name = row["name"]
    if name[:2] != "--" or len(name) < 4:
        raise TableError("%s: name %r is not a long flag" % (where, name))
    row = dict(row)
    row["cri"] = tuple(row.get("cri", ()))
    row["dest"] = name[2:].replace("-", "_")
    return Flag(**row)


def _build(data, source, strict=False):
    """A Command from parsed TOML. strict also checks every value's type (the tests use it)."""
    unknown = set(data) - {"command", "flag"}
    if unknown:
        raise TableError("%s: unknown table(s) %s" % (source, sorted(unknown)))
    head = data.get("command")
    if not isinstance(head, dict):
        raise TableError("%s: no [command] table" % source)
    _check(source + " [command]", head, _COMMAND_KEYS, _COMMAND_REQUIRED, strict)
    if head["kind"] not in KINDS:
        raise TableError("%s: kind %r is not one of %s" % (source, head["kind"], KINDS))
    if head["args"] not in ARGS:
        raise TableError("%s: args %r is not one of %s" % (source, head["args"], ARGS))
    status = head.get("status", "")
    if status and status not in STATUSES:
        raise TableError("%s: status %r is not one of %s" % (source, status, STATUSES))
    if status == "unsupported" and not (head.get("reason") and head.get("workaround")):
        raise TableError("%s: an unsupported command says why (reason) and what to do (workaround)"
                         % source)
    k8s = head.get("k8s_table")
    if k8s is not None and sorted(k8s) != sorted(_K8S_KEYS):
        raise TableError("%s: k8s_table needs exactly the keys %s" % (source, _K8S_KEYS))
    rows = data.get("flag", [])
    if not isinstance(rows, list):
        raise TableError("%s: flag must be an array of tables" % source)
    flags = tuple(_flag("%s flag %d" % (source, index), row, strict)
                  for index, row in enumerate(rows, 1))
    return Command(
        name=head["name"], kind=head["kind"], usage=head["usage"], summary=head["summary"],
        differs=head.get("differs", ""),
        aliases=tuple(head.get("aliases", ())), args=head["args"], crictl=head.get("crictl", ""),
        rpcs=tuple(head.get("rpcs", ())), k8s_table=dict(k8s) if k8s is not None else None,
        note=head["note"], flags=flags, status=status, reason=head.get("reason", ""),
        workaround=head.get("workaround", ""))


def _file_for(name):
    return os.path.join(_DIR, name.replace(" ", "_") + ".toml")


def _read(path, limit=None):
    """A file's text, or its first `limit` bytes, with plain os calls (cheaper than open()).

    A prefix may end inside a character; that tail is dropped.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        if limit is not None:
            return os.read(fd, limit).decode("utf-8", "ignore")
        size = os.fstat(fd).st_size
        chunks = []
        while True:
            chunk = os.read(fd, max(size, 65536))
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks).decode("utf-8")


def _load_file(path, strict=False):
    text = _read(path)
    data = _parse(text)
    found = _build(data, os.path.basename(path), strict)
    included = data["command"].get("include")
    if included:
        base = _load_file(os.path.join(os.path.dirname(path), included + ".toml"), strict)
        found = found.replace(flags=_merged(base.flags, found.flags))
    return found


def _merged(included, own):
    """The included rows with the file's own rows put over them (by name), sorted by name."""
    rows = {row.name: row for row in included}
    rows.update((row.name, row) for row in own)
    return tuple(rows[name] for name in sorted(rows))


# ---------------------------------------------------------------- the index

_PLAIN_NAME = re.compile(r"[a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*){0,2}\Z")  # names that can be file names ("trust key generate")
_commands = {}  # name -> Command
_index = None  # every name and alias -> command name


def _names(path):
    """(name, aliases) of a file, from its first lines where possible.

    The index only needs these two keys, which come first in every file; when
    they are not found in the first 2 KiB as plain `name = "..."` and
    `aliases = [...]` lines, the whole [command] table is parsed instead.
    """
    text = _read(path, 2048)
    found = {}
    for line in text.split("\n")[1:]:
        key, sep, value = line.partition(" = ")
        if key in ("name", "aliases") and sep:
            try:
                found[key] = json.loads(value)
            except ValueError:
                break
            if len(found) == 2:
                return found["name"], tuple(found["aliases"])
        elif not sep or line.startswith("[") or key == "note":
            break
    text = _read(path)
    cut = text.find("\n[[flag]]")
    head = _parse(text if cut < 0 else text[:cut]).get("command", {})
    return head.get("name"), tuple(head.get("aliases", ()))


def _load_index():
    global _index
    if _index is None:
        index = {}
        for entry in sorted(os.listdir(_DIR)):
            if not entry.endswith(".toml"):
                continue
            name, aliases = _names(os.path.join(_DIR, entry))
            if not name or _file_for(name) != os.path.join(_DIR, entry):
                raise TableError("%s: [command] name %r does not match the file name" % (entry, name))
            for word in (name,) + aliases:
                if index.setdefault(word, name) != name:
                    raise TableError("%s: %r is also a name of %s" % (entry, word, index[word]))
        _index = index
    return _index


def command_names():
    """Every command's own name (aliases excluded), sorted."""
    return sorted(set(_load_index().values()))


def command(name):
    """The Command for a name or alias ("ps", "container ls"); KeyError if unknown."""
    found = _commands.get(name)
    if found is not None:
        return found
    path = _file_for(name) if _PLAIN_NAME.match(name) else None
    if path is not None and os.path.exists(path):
        found = _load_file(path)
        if found.name != name:
            raise TableError("%s: [command] name %r does not match the file name"
                             % (os.path.basename(path), found.name))
    else:
        own = _load_index().get(name)
        if own is None:
            raise KeyError("unknown command %r" % name)
        found = command(own)
    _commands[name] = found
    return found


def resolve(words):
    """The command named by the leading words, longest match first: (Command, words used) or None.

    resolve(["container", "ls", "-a"]) is (the ps Command, 2).
    """
    index = _load_index()
    for count in (3, 2, 1):
        if len(words) >= count:
            name = " ".join(words[:count])
            if name in index:
                return command(name), count
    return None
