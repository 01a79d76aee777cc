"""The text parsers the command line feeds with user input and runtime files.

--format templates, --filter expressions and CRI log files: whatever they are
given, they answer or fail with their own error type, never anything else.
"""

import io
import os

from hypothesis import given
from hypothesis import strategies as st

from dockercri import filters
from dockercri.errors import DockerCLIError
from dockercri.gotemplate import Template, TemplateError
from dockercri.logs import LogOptions, parse_line, parse_records, write_logs
from dockercri.mapping import transforms
from dockercri.render.views import ContainerView
from tests.fuzz.strategies import TEMPLATES, fuzz_settings

# -- --format templates ---------------------------------------------------------------

TEMPLATE_TOKENS = [
    "{{", "}}", "{{-", "-}}", " ", ".", ".ID", ".Names", ".State", ".State.Pid", ".Config",
    ".Config.Labels", ".Labels", ".Mounts", "$", "$v", ":=", "|", "(", ")", '"x"', "`r`",
    "'c'", "0", "-1", "3.5", "nil", "true", "if", "else", "end", "range", "with", "define",
    "template", "block", "json", "join", "split", "lower", "upper", "title", "pad",
    "truncate", "index", "slice", "len", "printf", '"%s %d %v %q %x %-8.3f %%"', "print",
    "println", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "table", "\\t", "\t",
    "\n", "{{/* c */}}", "é", "🐳", "}", "{",
]


class Container:
    """An inspect-like object: attributes, methods and nested maps, as docker's are."""

    ID = "0123456789abcdef"
    Names = ["web"]
    Labels = {"a": "1", "b": ""}
    State = {"Pid": 42, "Status": "running", "Running": True}
    Config = {"Labels": {"x": "y"}, "Env": ["A=1"], "Cmd": None}
    Mounts = []

    def Label(self, key):
        return self.Labels.get(key, "")


DATA = [None, 0, "s", [1, "a", None], {"ID": "x", "Names": ["a", "b"], "State": {"Pid": 1}},
        Container(), [Container(), {"ID": 1}], {"Labels": {"k": "v"}, "Mounts": [{"a": 1}]}]


def template_text():
    return st.one_of(st.sampled_from(TEMPLATES),
                     st.lists(st.sampled_from(TEMPLATE_TOKENS), max_size=14).map("".join),
                     st.text(max_size=20))


@fuzz_settings(600)
@given(text=template_text(), data=st.sampled_from(DATA), missingkey=st.sampled_from(
    ["default", "error", "zero"]), strict=st.booleans())
def test_templates_answer_or_raise_template_error(text, data, missingkey, strict):
    try:
        template = Template.parse(text)
    except TemplateError:
        return
    try:
        out = template.execute(data, strict_fields=strict, missingkey=missingkey)
    except TemplateError:
        return
    assert isinstance(out, str)


# -- ps/images --filter -------------------------------------------------------------

FILTER_KEYS = list(filters.PS_KEYS) + list(filters.PS_REFUSED) + list(filters.IMAGE_KEYS) + [
    "", "Name", " label", "unknown", "dangling"]
FILTER_VALUES = ["", "web", "^w.*b$", "[", "(", "*", "a=b", "a", "running", "exited",
                 "created", "bogus", "0", "-1", "busybox", "busybox:latest", "sha256:ab",
                 "0123", "é", "\x00", "a" * 200, "1=2=3"]


@st.composite
def filter_expressions(draw):
    kind = draw(st.sampled_from(["pair", "pair", "raw"]))
    if kind == "raw":
        return draw(st.text(max_size=16))
    key = draw(st.one_of(st.sampled_from(FILTER_KEYS), st.text(max_size=6)))
    value = draw(st.one_of(st.sampled_from(FILTER_VALUES), st.text(max_size=10)))
    sep = draw(st.sampled_from(["=", "=", " = ", "==", ""]))
    return key + sep + value


class Mount:
    host_path = "/tmp"
    container_path = "/data"


def _view(state):
    return ContainerView(id="0123456789abcdef" * 4, name="web", image="busybox",
                         image_ref="sha256:" + "ab" * 32, state=state, created_ns=10 ** 18,
                         exit_code=3, labels={"a": "1", "b": ""}, mounts=[Mount()])


def _created_of(name):
    if name == "web":
        return 10 ** 18
    raise DockerCLIError("Error: No such container: %s" % name, exit_code=1)


@fuzz_settings(500)
@given(raw=st.lists(filter_expressions(), max_size=5),
       state=st.sampled_from(["running", "exited", "created", "unknown"]))
def test_filters_answer_or_raise_docker_errors(raw, state):
    pairs = []
    for expression in raw:
        try:
            pairs.append(transforms.filter_pair(expression))
        except ValueError:
            return  # refused while parsing flags: the parser reports it (exit 125)
    for known, refused in ((filters.PS_KEYS, filters.PS_REFUSED), (filters.IMAGE_KEYS, None)):
        try:
            wanted = filters.parse(pairs, known, refused)
        except DockerCLIError as error:
            assert error.message.startswith("Error response from daemon: ")
            continue
        assert isinstance(filters.wants_all(wanted), bool)
        try:
            if known is filters.PS_KEYS:
                matched = filters.container_matches(_view(state), wanted, _created_of)
            else:
                image = type("Image", (), {"repo_tags": ["busybox:latest"]})()
                matched = filters.image_matches(image, "busybox", "latest", 10 ** 18,
                                                {"a": "1"}, wanted, _created_of)
        except DockerCLIError:
            continue  # before=/since= naming a container that does not exist
        assert isinstance(matched, bool)


# -- CRI log lines and files ----------------------------------------------------------

TIMESTAMPS = [b"2026-11-26T21:22:15.163226606Z", b"2026-11-26T21:22:15Z",
              b"2026-11-26T21:22:15.1+02:00", b"2026-13-40T25:61:61.9Z", b"0000-00-00T00:00:00Z",
              b"99999-01-01T00:00:00Z", b"2026-11-26", b"", b"-", b"1" * 40]
STREAMS = [b"stdout", b"stderr", b"stdin", b"STDOUT", b""]
TAGS = [b"F", b"P", b"P:1", b"F:x", b"", b"X"]


@st.composite
def log_lines(draw):
    kind = draw(st.sampled_from(["record", "record", "record", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=40))
    content = draw(st.one_of(st.binary(max_size=30), st.sampled_from(
        [b"", b"\xff\xfe", b"\xc3", b"caf\xc3\xa9", b"x" * 5000, b"\r", b"\x1b[31mred"])))
    fields = [draw(st.sampled_from(TIMESTAMPS)), draw(st.sampled_from(STREAMS)),
              draw(st.sampled_from(TAGS))]
    cut = draw(st.integers(1, 4))
    return b" ".join(fields[:cut] + ([content] if cut == 4 or cut == 3 else []))


@fuzz_settings(1000)
@given(line=st.one_of(log_lines(), st.binary(max_size=64)))
def test_parse_line_never_raises(line):
    record = parse_line(line)
    if record is not None:
        assert record.stream in ("stdout", "stderr")
        assert isinstance(record.content, bytes)
    assert all(r.stream in ("stdout", "stderr") for r in parse_records(line + b"\n" + line))


@st.composite
def log_options(draw):
    return LogOptions(
        tail=draw(st.one_of(st.none(), st.integers(-2, 30), st.sampled_from(["all", ""]))),
        since_ns=draw(st.one_of(st.none(), st.integers(0, 2 * 10 ** 18))),
        until_ns=draw(st.one_of(st.none(), st.integers(0, 2 * 10 ** 18))),
        timestamps=draw(st.booleans()))


@fuzz_settings(400)
@given(lines=st.lists(log_lines(), max_size=30), tail_bytes=st.binary(max_size=20),
       opts=log_options())
def test_write_logs_over_any_file_never_raises(tmp_path_factory, lines, tail_bytes, opts):
    path = os.path.join(str(tmp_path_factory.getbasetemp()), "fuzz.log")
    with open(path, "wb") as handle:
        handle.write(b"\n".join(lines) + b"\n" + tail_bytes)
    out, err = io.BytesIO(), io.BytesIO()
    write_logs(path, opts, out, err)
    for stream in (out, err):
        data = stream.getvalue()
        assert not data or data.endswith(b"\n")


@fuzz_settings(300)
@given(contents=st.lists(st.tuples(st.sampled_from([b"stdout", b"stderr"]),
                                   st.binary(max_size=40).map(lambda b: b.replace(b"\n", b""))),
                         max_size=20),
       split=st.integers(1, 7))
def test_well_formed_logs_come_back_whole(tmp_path_factory, contents, split):
    """Lines written as P records then an F record are shown joined, byte for byte."""
    path = os.path.join(str(tmp_path_factory.getbasetemp()), "whole.log")
    stamp = b"2026-11-26T21:22:15.%09dZ"
    records = []
    for index, (stream, content) in enumerate(contents):
        pieces = [content[i:i + split] for i in range(0, len(content), split)] or [b""]
        for number, piece in enumerate(pieces):
            tag = b"F" if number == len(pieces) - 1 else b"P"
            records.append(b" ".join([stamp % index, stream, tag, piece]))
    with open(path, "wb") as handle:
        handle.write(b"".join(record + b"\n" for record in records))
    out, err = io.BytesIO(), io.BytesIO()
    write_logs(path, LogOptions(), out, err)
    expected = {b"stdout": b"", b"stderr": b""}
    for stream, content in contents:
        expected[stream] += content + b"\n"
    assert out.getvalue() == expected[b"stdout"]
    assert err.getvalue() == expected[b"stderr"]
