"""Any template text either parses or fails with TemplateError; never anything else."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockercri.gotemplate import Template, TemplateError, render_table, tabwrite
from dockercri.gotemplate.gofmt import sprintf

TOKENS = [
    "{{", "}}", "{{- ", " -}}", "{{/*", "*/}}", " ", "\t", "\n", ".", ".A", ".B", ".A.B", "$", "$x", "$y",
    ":=", "=", "|", "(", ")", ",", '"s"', '"%d %s %v %q %x %5.2f %!"', "`raw`", "'c'", "1", "-2", "1.5",
    "1e9", "0x1F", "1+2i", "nil", "true", "if", "else", "end", "range", "with", "define", "template",
    "block", '"t"', "and", "or", "not", "len", "index", "slice", "print", "printf", "println", "eq",
    "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery", "call", "json", "join", "split", "lower",
    "upper", "title", "pad", "truncate", ".Label", ".ID", ".Boom", "é", "\\", '"', "{", "}", "-",
]


class Obj:
    Field = "f"

    def ID(self):
        return "id"

    def Label(self, key):
        return "label-" + str(key)

    def Boom(self):
        raise ValueError("boom")


def _data():
    leaves = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 63, 2 ** 63 - 1),
                       st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["A", "B", "ID", "Label", "x"]), inner, max_size=4)), max_leaves=12)


SAMPLE_DATA = [None, 0, "s", [1, "a", None], {"A": {"B": [1, 2.5]}, "B": None}, Obj(), {"A": Obj()}]

FUZZ = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _exercise(text):
    try:
        template = Template.parse(text)
    except TemplateError as error:
        assert str(error).startswith("template: ")
        return
    for data in SAMPLE_DATA:
        for strict in (False, True):
            for missingkey in ("default", "error"):
                try:
                    out = template.execute(data, strict_fields=strict, missingkey=missingkey)
                except TemplateError as error:
                    assert str(error).startswith("template: ")
                    assert isinstance(error.partial, str)
                else:
                    assert isinstance(out, str)


@FUZZ
@given(st.text(max_size=40))
def test_random_text(text):
    _exercise(text)


@FUZZ
@given(st.text(max_size=30))
def test_random_action(text):
    _exercise("{{" + text + "}}")


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=16).map("".join))
def test_random_token_sequences(text):
    _exercise(text)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS[4:]), max_size=10).map(lambda parts: "{{" + " ".join(parts) + "}}"))
def test_random_spaced_actions(text):
    _exercise(text)


@FUZZ
@given(st.sampled_from(["{{.A}}", "{{.A.B}}", "{{range .}}{{.}}{{end}}", "{{range $k, $v := .}}{{$k}}{{$v}}{{end}}",
                        "{{json .}}", "{{len .}}", "{{index . 0}}", '{{index . "A"}}', "{{printf \"%v %d %s\" . . .}}",
                        "{{if .}}t{{else}}f{{end}}", "{{eq . 1}}", "{{lt . 1}}", "{{and . .A}}",
                        "{{with .A}}{{.B}}{{end}}",
                        "{{slice . 1}}", "{{join . \",\"}}", "{{upper .}}", "{{.ID}}", "{{print .}}", "{{html .}}"]),
       _data())
def test_templates_on_random_data(text, data):
    template = Template.parse(text)
    for strict in (False, True):
        try:
            assert isinstance(template.execute(data, strict_fields=strict), str)
        except TemplateError as error:
            assert str(error).startswith("template: ")


@FUZZ
@given(st.text(max_size=20), st.lists(_data(), max_size=4))
def test_printf_never_fails(fmt, args):
    assert isinstance(sprintf(fmt, args), str)


@FUZZ
@given(st.lists(st.sampled_from(TOKENS), max_size=12).map("".join))
def test_render_table_random_formats(text):
    for prefix in ("table ", ""):
        try:
            out = render_table(prefix + text, SAMPLE_DATA, {"A": "COLUMN A", "ID": "ID"})
        except TemplateError:
            continue
        assert isinstance(out, str)


@FUZZ
@given(st.text(alphabet="ab \t\n\x0b\x0cé", max_size=60))
def test_tabwriter_keeps_cell_text(text):
    out = tabwrite(text)
    assert out.replace(" ", "") == text.replace(" ", "").replace("\t", "").replace("\x0b", "").replace("\x0c", "\n")


@FUZZ
@given(st.text(max_size=40).filter(lambda t: "{{" not in t))
def test_plain_text_is_copied(text):
    assert Template.parse(text).execute(None) == text
