"""Hypothesis strategies for docker command lines, built from the mapping table.

Every command of the table gets argument lists that mix well-formed values,
junk, unknown flags, `--flag=value`, combined short flags (`-abc`), `--`,
unicode and empty strings, so that the parser, the planners and the runners
all see both what docker accepts and what it refuses.
"""

import os

from hypothesis import settings
from hypothesis import strategies as st

from dockercri import mapping

# DOCKERCRI_FUZZ_EXAMPLES raises the number of examples of every fuzz test.
EXAMPLES_SCALE = max(1, int(os.environ.get("DOCKERCRI_FUZZ_EXAMPLES", "0") or 0))


def examples(default, cost=1):
    """The default count for CI, or DOCKERCRI_FUZZ_EXAMPLES when set (divided by `cost`
    for a test whose every example runs `cost` command lines)."""
    return max(default, EXAMPLES_SCALE // cost) if EXAMPLES_SCALE > 1 else default


def fuzz_settings(default, cost=1):
    return settings(max_examples=examples(default, cost), deadline=None, database=None,
                    derandomize=not os.environ.get("DOCKERCRI_FUZZ_EXAMPLES"),
                    suppress_health_check=list(_health_checks()))


def _health_checks():
    from hypothesis import HealthCheck
    return (HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large)


ODD_TEXT = ["", " ", "-", "--", "=", "==", "a=b=c", ":", "::", "/", "\\", "'", '"', "\x00",
            "\n", "\t", "é", "名前", "🐳", "\u202e", "\ufffd", "a" * 300,
            "0", "-1", "1e309", "nan", "inf", "0x10", "0o7", "0b1", "9" * 30,
            "true", "false", "TRUE", "t", "f", "yes"]
TEMPLATES = ["{{.ID}}", "{{json .}}", "table {{.Names}}\t{{.Status}}", "{{.Nope}}", "{{",
             "{{end}}", "{{range .}}", "{{index . 1}}", "{{.State.Pid}}", "json", "table",
             "{{printf \"%d\" .}}", "{{len .Labels}}", "{{join .Names \",\"}}"]

_text = st.text(max_size=12)
_odd = st.sampled_from(ODD_TEXT)
_junk = st.one_of(_odd, _text, st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                                        max_size=6))


def _int_text():
    return st.one_of(st.integers(-10 ** 12, 10 ** 12).map(str),
                     st.sampled_from(["0", "-0", "+5", "0x1f", "1_000", "١٢", " 7", "7 "]))


VALUES = {
    "bool": st.sampled_from(["true", "false", "1", "0", "T", "F", "maybe", ""]),
    "int": _int_text(),
    "uint": _int_text(),
    "float": st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                       st.sampled_from(["1.5", ".5", "-0.1", "1e3", "NaN", "Inf", "1,5"])),
    "duration": st.sampled_from(["10s", "1m30s", "500ms", "1h", "-1s", "0", "10", "1d", "s",
                                 "1.5s", "2562048h", "9999999999h", "1us", "1µs"]),
    "bytes": st.sampled_from(["10m", "1g", "512k", "100", "0", "-1", "1.5g", "1tb", "b",
                              "99999999999999999999g", "4MiB"]),
    "map": st.sampled_from(["k=v", "k", "=v", "k=", "a.b/c=d", "k=v=w", "é=ü"]),
    "list": st.sampled_from(["a", "a=b", "8080:80", "127.0.0.1:80:80/udp", "/tmp:/tmp:ro",
                             "type=bind,source=/tmp,target=/x", "host:1.2.3.4", "SYS_ADMIN",
                             "label=status=exited", "name=x", "status=running", "unknown=1",
                             "/dev/null:/dev/x:rwm", "ulimit=1", "nofile=1024:2048"]),
    "string": st.sampled_from(["json", "table", "host", "none", "bridge", "container:x", "pod",
                               "always", "no", "on-failure:3", "root", "1000:1000", "/tmp",
                               "all", "10", "KILL", "SIGHUP", "HUP", "0", "2020-01-01",
                               "10m", "1600000000", "unix:///x", "127.0.0.1:5000",
                               "linux/amd64", "json-file", "unconfined"] + TEMPLATES),
}
POSITIONAL = st.one_of(
    st.sampled_from(["busybox", "busybox:latest", "127.0.0.1:5000/library/busybox:1.35",
                     "sha256:" + "a" * 64, "Bad_Name", "x" * 129, "abc", "a/b/c:d@sha256:00",
                     "-", "sh", "-c", "true", "web", "0123456789ab", "/abs/path", "ctr_1"]),
    _junk)
UNKNOWN_FLAGS = st.sampled_from(["--nope", "--no", "-Z", "-9", "--=x", "---x", "--rm=maybe",
                                 "-=", "--dockercri-false-all", "--no-such-flag=1", "-", "--"])


@st.composite
def flag_tokens(draw, flag):
    """One use of `flag`: as a long or short name, separate or joined value, or junk."""
    value_kind = VALUES.get(flag.type, _text)
    value = draw(st.one_of(value_kind, value_kind, _junk))
    names = [flag.name] + ([flag.short] if flag.short else [])
    name = draw(st.sampled_from(names))
    if flag.type == "bool":
        shape = draw(st.sampled_from(["plain", "plain", "eq"]))
        return [name] if shape == "plain" else ["%s=%s" % (name, value)]
    shape = draw(st.sampled_from(["sep", "sep", "eq", "joined", "missing"]))
    if shape == "sep":
        return [name, value]
    if shape == "eq":
        return ["%s=%s" % (name, value)]
    if shape == "joined" and name.startswith("-") and not name.startswith("--"):
        return [name + value]
    if shape == "missing":
        return [name]
    return [name, value]


@st.composite
def combined_shorts(draw, command):
    """`-abc`: several one-letter flags in one word, the last perhaps taking a value."""
    shorts = [flag for flag in command.flags if flag.short]
    if not shorts:
        return ["-" + draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyzAZ", min_size=2,
                                   max_size=4))]
    picked = draw(st.lists(st.sampled_from(shorts), min_size=2, max_size=4))
    word = "-" + "".join(flag.short[1:] for flag in picked)
    if picked[-1].type != "bool" and draw(st.booleans()):
        return [word, draw(VALUES.get(picked[-1].type, _text))]
    return [word]


@st.composite
def argv_for(draw, command):
    """A command line for `command`: its words, then a shuffle of pieces."""
    words = command.name.split()
    pieces = []
    count = draw(st.integers(0, 6))
    for _ in range(count):
        kind = draw(st.sampled_from(["flag", "flag", "flag", "positional", "unknown",
                                     "combined", "dashdash", "junk"]))
        if kind == "flag" and command.flags:
            flag = draw(st.sampled_from(command.flags))
            pieces.extend(draw(flag_tokens(flag)))
        elif kind == "positional":
            pieces.append(draw(POSITIONAL))
        elif kind == "unknown":
            pieces.append(draw(UNKNOWN_FLAGS))
        elif kind == "combined":
            pieces.extend(draw(combined_shorts(command)))
        elif kind == "dashdash":
            pieces.append("--")
        else:
            pieces.append(draw(_junk))
    # Most commands need operands; give them some most of the time.
    if command.args != "none" and draw(st.integers(0, 3)):
        pieces.extend(draw(st.lists(POSITIONAL, min_size=1, max_size=3)))
    return words + pieces


COMMAND_NAMES = mapping.command_names()


def any_argv():
    return st.sampled_from(COMMAND_NAMES).flatmap(lambda name: argv_for(mapping.command(name)))
