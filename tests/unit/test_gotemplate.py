"""Go text/template (1.13 semantics, docker's functions): forms, control, errors."""

import pytest

from dockercri.gotemplate import Template, TemplateError

CONTAINER = {
    "Id": "4f66ad9a0b2e",
    "Name": "/web",
    "Args": ["-g", "daemon off;"],
    "State": {"Status": "running", "Running": True, "Pid": 4242, "ExitCode": 0},
    "Config": {
        "Labels": {
            "io.kubernetes.pod.name": "web-7d4b9c",
            "io.kubernetes.pod.namespace": "default",
            "app": "web",
        },
        "Env": ["PATH=/usr/bin", "A=b"],
    },
    "Mounts": [{"Source": "/var/lib/a", "Destination": "/a"},
               {"Source": "/var/lib/b", "Destination": "/b"}],
    "HostConfig": {"Memory": 0, "NanoCpus": 1500000000},
    "Health": None,
}


def render(text, data=CONTAINER, **options):
    return Template.parse(text).execute(data, **options)


def error_of(text, data=CONTAINER, **options):
    with pytest.raises(TemplateError) as caught:
        render(text, data, **options)
    return str(caught.value)


class Context:
    """Stands for docker's formatter.containerContext: methods, some with arguments."""

    __go_type__ = "*formatter.containerContext"

    def __init__(self, name, labels):
        self.name = name
        self.labels = labels
        self.Public = "attribute"

    def ID(self):
        return "4f66ad9a0b2e"

    def Names(self):
        return self.name

    def Label(self, key: str):
        return self.labels.get(key, "")

    def Labels(self):
        return ",".join("%s=%s" % kv for kv in sorted(self.labels.items()))

    def Broken(self):
        raise RuntimeError("no runtime")

    def Pair(self, a, b="B"):
        return a + b

    def internal(self):
        return "hidden"


CTX = Context("web", {"app": "nginx", "tier": "front"})


# docker idioms -----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("{{.State.Pid}}", "4242"),
    ("{{json .Config.Labels}}",
     '{"io.kubernetes.pod.name":"web-7d4b9c","io.kubernetes.pod.namespace":"default","app":"web"}'),
    ("{{range .Mounts}}{{.Source}} {{end}}", "/var/lib/a /var/lib/b "),
    ('{{index .Config.Labels "io.kubernetes.pod.name"}}', "web-7d4b9c"),
    ('{{join .Args ","}}', "-g,daemon off;"),
    ('{{if eq .State.Status "running"}}up{{else}}down{{end}}', "up"),
    ('{{range $k, $v := .Config.Labels}}{{$k}}={{$v}}{{"\\n"}}{{end}}',
     "app=web\nio.kubernetes.pod.name=web-7d4b9c\nio.kubernetes.pod.namespace=default\n"),
    ('{{printf "%-12s|" .Name}}', "/web        |"),
    ("a {{- /* comment */ -}} b", "ab"),
    ("{{len .Args}}", "2"),
    ('{{upper .Name | printf "%s!"}}', "/WEB!"),
    ("{{.State.Running}} {{.State.ExitCode}}", "true 0"),
    ("{{.Id}}", "4f66ad9a0b2e"),
    ("{{truncate .Id 6}}", "4f66ad"),
    ('{{range .Config.Env}}{{println .}}{{end}}', "PATH=/usr/bin\nA=b\n"),
    ("{{json .Mounts}}",
     '[{"Source":"/var/lib/a","Destination":"/a"},{"Source":"/var/lib/b","Destination":"/b"}]'),
    ("{{.HostConfig.NanoCpus}}", "1500000000"),
    ('{{with .State}}{{.Status}}/{{.Pid}}{{end}}', "running/4242"),
    ("{{.Config.Labels.app}}", "web"),
    ('{{if .Config.Labels.missing}}yes{{else}}no{{end}}', "no"),
])
def test_docker_inspect_idioms(text, expected):
    assert render(text) == expected


@pytest.mark.parametrize("text, expected", [
    ('{{.Label "app"}}', "nginx"),
    ('{{.Label "nope"}}', ""),
    ("{{.ID}} {{.Names}}", "4f66ad9a0b2e web"),
    ("{{.Labels}}", "app=nginx,tier=front"),
    ('{{.Label "app" | upper}}', "NGINX"),
    ('{{upper (.Label "tier")}}', "FRONT"),
    ("{{.Public}}", "attribute"),
    ('{{.Pair "x"}}{{.Pair "x" "y"}}', "xBxy"),
    ('{{"z" | .Pair "y"}}', "yz"),
    ("{{$.ID}}", "4f66ad9a0b2e"),
    ('{{if eq (.Label "app") "nginx"}}match{{end}}', "match"),
])
def test_context_object_methods(text, expected):
    assert render(text, CTX) == expected


@pytest.mark.parametrize("text, message", [
    ("{{.Nope}}", 'template: :1:2: executing "" at <.Nope>: '
                  "can't evaluate field Nope in type *formatter.containerContext"),
    ("{{.internal}}", 'template: :1:2: executing "" at <.internal>: '
                    "can't evaluate field internal in type *formatter.containerContext"),
    ("{{.Label}}", 'template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0'),
    ('{{.ID "x"}}', 'template: :1:2: executing "" at <.ID>: wrong number of args for ID: want 0 got 1'),
    ("{{.Label 5}}", 'template: :1:9: executing "" at <5>: expected string; found 5'),
    ("{{.Broken}}", 'template: :1:2: executing "" at <.Broken>: error calling Broken: no runtime'),
    ('{{.Public "x"}}', 'template: :1:2: executing "" at <.Public>: '
                        "Public has arguments but cannot be invoked as function"),
    ("{{.Names.Foo}}", 'template: :1:8: executing "" at <.Names.Foo>: '
                       "can't evaluate field Foo in type string"),
])
def test_context_object_errors(text, message):
    assert error_of(text, CTX) == message


def test_type_name_parameter_names_the_data_type():
    assert error_of("{{.Nope}}", {"ID": "x"}, strict_fields=True, type_name="*formatter.imageContext") == (
        'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.imageContext')
    assert error_of("{{.Nope}}", CTX, type_name="*formatter.Other").endswith("in type *formatter.Other")


def test_class_name_is_the_default_type_name():
    class Plain:
        pass
    assert error_of("{{.X}}", Plain()).endswith("can't evaluate field X in type Plain")


def test_object_printing_uses_its_string_method():
    class Stringer:
        def String(self):
            return "from String"
    assert render("{{.}} {{printf \"%s|%v|%q\" . . .}}", Stringer()) == (
        'from String from String|from String|"from String"')


# missing values -----------------------------------------------------------------------

def test_missing_map_key_prints_no_value():
    assert render("{{.Nope}}|{{.State.Nope}}|{{.Nope.Deeper}}") == "<no value>|<no value>|<no value>"


def test_missing_key_in_strict_mode_is_an_error():
    assert error_of("{{.Nope}}", strict_fields=True) == (
        'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type map[string]interface {}')
    assert render("{{.State.Pid}}", strict_fields=True) == "4242"


def test_strict_mode_calls_function_values_like_methods():
    row = {"ID": "abc", "Label": lambda key: {"app": "x"}.get(key, "")}
    assert render('{{.ID}} {{.Label "app"}}', row, strict_fields=True) == "abc x"
    assert error_of('{{.Label "app"}}', row) == (
        'template: :1:2: executing "" at <.Label>: Label is not a method but has arguments')


def test_missingkey_error_option():
    assert error_of("{{.Nope}}", missingkey="error") == (
        'template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"')
    assert error_of("{{.Health.Status}}", {"State": {}}, missingkey="error") == (
        'template: :1:9: executing "" at <.Health.Status>: map has no entry for key "Health"')


def test_null_entry_cannot_be_looked_into():
    # a JSON null held in a map is an interface {} nil in Go, unlike a missing key
    assert error_of("{{.Health.Status}}") == (
        'template: :1:9: executing "" at <.Health.Status>: can\'t evaluate field Status in type interface {}')
    assert render("{{.Health}}") == "<no value>"
    assert render("{{with .Health}}{{.Status}}{{else}}none{{end}}") == "none"
    assert error_of("{{upper .Health}}") == (
        'template: :1:8: executing "" at <.Health>: wrong type for value; expected string; got interface {}')
    assert error_of("{{upper .Nope}}") == (
        'template: :1:8: executing "" at <.Nope>: invalid value; expected string')


def test_nil_data():
    assert render("{{.A}}", None) == "<no value>"
    assert render("{{.}}", None) == "<no value>"
    assert error_of("{{.A}}", None, missingkey="error") == (
        'template: :1:2: executing "" at <.A>: nil data; no entry for key "A"')


def test_index_of_missing_label_is_empty_like_docker_string_maps():
    assert render('[{{index .Config.Labels "nope"}}]') == "[]"
    assert render('[{{index .State "nope"}}]') == "[<no value>]"


# placeholder forms -------------------------------------------------------------------------

@pytest.mark.parametrize("text, data, expected", [
    ("{{.}}", "dot", "dot"),
    ("{{.A.B.C}}", {"A": {"B": {"C": "c"}}}, "c"),
    ("{{$}}", 7, "7"),
    ("{{$x := .A}}{{$x}}", {"A": 1}, "1"),
    ("{{$x := 1}}{{$x = 2}}{{$x}}", None, "2"),
    ("{{$x := .A}}{{$x.B}}", {"A": {"B": "b"}}, "b"),
    ("{{(.A).B}}", {"A": {"B": "b"}}, "b"),
    ('{{(index .A 0).B}}', {"A": [{"B": "first"}]}, "first"),
    ('{{"quoted\\t\\u00e9\\x41"}}', None, "quoted\té\x41"),
    ("{{`raw \\n`}}", None, "raw \\n"),
    ("{{'a'}} {{0x1F}} {{0o17}} {{017}} {{0b11}} {{1_000}} {{1.5}} {{1e3}} {{-2}}", None,
     "97 31 15 15 3 1000 1.5 1000 -2"),
    ("{{true}} {{false}}", None, "true false"),
    ("{{1+2i}} {{2i}}", None, "(1+2i) (0+2i)"),
    ('{{print nil}}', None, "<nil>"),
    ("{{.A | printf \"%s-%s\" \"x\"}}", {"A": "a"}, "x-a"),
    ("{{.A | len | printf \"%03d\"}}", {"A": [1, 2]}, "002"),
    ("{{- .A -}}", {"A": "trim"}, "trim"),
    ("x  {{- .A}}  y", {"A": "a"}, "xa  y"),
    ("x  {{.A -}}  \n y", {"A": "a"}, "x  ay"),
    ("{{/* only a comment */}}", None, ""),
    ("{{/* multi\nline */}}after", None, "after"),
])
def test_placeholder_forms(text, data, expected):
    assert render(text, data) == expected


# control structures -------------------------------------------------------------------------

@pytest.mark.parametrize("text, data, expected", [
    ("{{if .A}}a{{else if .B}}b{{else}}c{{end}}", {"A": 0, "B": "x"}, "b"),
    ("{{if .A}}a{{else if .B}}b{{else}}c{{end}}", {"A": 0, "B": ""}, "c"),
    ("{{range .}}[{{.}}]{{end}}", [1, "two", 3.5], "[1][two][3.5]"),
    ("{{range $i, $v := .}}{{$i}}:{{$v}} {{end}}", ["a", "b"], "0:a 1:b "),
    ("{{range $v := .}}{{$v}}{{end}}", ["a", "b"], "ab"),
    ("{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", {"b": 2, "a": 1, "c": 3}, "a=1;b=2;c=3;"),
    ("{{range .}}x{{else}}empty{{end}}", [], "empty"),
    ("{{range .}}x{{else}}empty{{end}}", {}, "empty"),
    ("{{range .}}x{{else}}empty{{end}}", None, "empty"),
    ("{{range .L}}{{$.Name}}{{end}}", {"L": [1, 2], "Name": "n"}, "nn"),
    ("{{with .A}}{{.}}{{else}}none{{end}}", {"A": ""}, "none"),
    ("{{with $x := .A}}{{$x}}{{.}}{{end}}", {"A": "v"}, "vv"),
    ("{{$x := 0}}{{range .}}{{$x = .}}{{end}}{{$x}}", [1, 2, 3], "3"),
    ('{{define "row"}}<{{.}}>{{end}}{{range .}}{{template "row" .}}{{end}}', ["a", "b"], "<a><b>"),
    ('{{block "b" .}}default {{.}}{{end}}', "x", "default x"),
    ('{{template "t" .}}{{define "t"}}{{.}}!{{end}}', "late", "late!"),
    ('{{define "t"}}{{$}}{{end}}{{template "t" 5}} {{$}}', "outer", "5 outer"),
])
def test_control_structures(text, data, expected):
    assert render(text, data) == expected


@pytest.mark.parametrize("value, truth", [
    (False, False), (0, False), (0.0, False), ("", False), ([], False), ({}, False), (None, False),
    (True, True), (1, True), (-1, True), (0.1, True), ("0", True), ([0], True), ({"a": None}, True),
    (CTX, True),
])
def test_truthiness(value, truth):
    assert render("{{if .}}T{{else}}F{{end}}", value) == ("T" if truth else "F")


# builtins -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("{{and 1 2}} {{and 0 2}} {{and 1 \"\"}}", "2 0 "),
    ("{{or 0 2}} {{or 0 \"\"}} {{or \"a\" 0}}", "2  a"),
    ("{{not 0}} {{not 1}} {{not .Nope}}", "true false true"),
    ("{{len .Args}} {{len .Config.Labels}} {{len \"héllo\"}}", "2 3 6"),
    ('{{index .Mounts 1 "Source"}}', "/var/lib/b"),
    ('{{index .Args 0}}', "-g"),
    ('{{slice .Args 1}} {{slice "hello" 1 3}}', "[daemon off;] el"),
    ('{{print 1 2 "a" "b" 3}}', "1 2ab3"),
    ('{{println "a" 1}}', "a 1\n"),
    ("{{eq 1 1}} {{eq 1 2}} {{eq 2 1 2}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 2 2}}",
     "true false true true true true false true"),
    ('{{eq "a" "a"}} {{lt "a" "b"}} {{lt 1.5 2.5}} {{eq .State.Pid 4242}}', "true true true true"),
    ('{{html "<a href=\'x\'>&\\"</a>"}}', "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;"),
    ('{{js "it\'s <b>\\"q\\"</b>"}}', "it\\'s \\x3Cb\\x3E\\\"q\\\"\\x3C/b\\x3E"),
    ('{{urlquery "a b&c=d/é"}}', "a+b%26c%3Dd%2F%C3%A9"),
    ('{{split "a:b:c" ":"}} {{join (split "a:b" ":") "/"}}', "[a b c] a/b"),
    ('{{lower "ABC"}} {{upper "abc"}} {{title "hello wORLD foo_bar"}}', "abc ABC Hello WORLD Foo_bar"),
    ('[{{pad "x" 2 1}}][{{pad "" 2 1}}]', "[  x ][]"),
    ('{{truncate "abcdef" 3}} {{truncate "ab" 3}}', "abc ab"),
    ('[{{join .Nope ","}}]', "[]"),
    ("{{json .State}}", '{"Status":"running","Running":true,"Pid":4242,"ExitCode":0}'),
    ("{{json .Health}} {{json 1.5}} {{json 1e21}} {{json 0.0000001}}", "null 1.5 1e+21 1e-7"),
])
def test_builtin_functions(text, expected):
    assert render(text) == expected


def test_json_leaves_html_characters_alone_as_docker_does():
    assert render("{{json .}}", {"Ports": "0.0.0.0:2->8/udp", "x": "<&>"}) == (
        '{"Ports":"0.0.0.0:2->8/udp","x":"<&>"}')


def test_json_of_unencodable_value_is_empty():
    assert render("[{{json .}}]", float("nan")) == "[]"


def test_json_uses_marshal_json_of_objects():
    class Row:
        def MarshalJSON(self):
            return {"ID": "x", "Names": "y"}
    assert render("{{json .}}", Row()) == '{"ID":"x","Names":"y"}'


def test_call_builtin():
    data = {"F": lambda a, b: a + b, "N": 1}
    assert render("{{call .F 1 2}}", data) == "3"
    assert error_of("{{call .F 1}}", data) == (
        'template: :1:2: executing "" at <call .F 1>: error calling call: wrong number of args: got 1 want 2')
    assert error_of("{{call .N}}", data) == (
        'template: :1:2: executing "" at <call .N>: error calling call: non-function of type int')


def test_extra_functions_at_parse_and_execute():
    template = Template.parse("{{greet .}}", funcs={"greet": lambda name: "hi " + name})
    assert template.execute("bob") == "hi bob"
    assert template.execute("bob", funcs={"greet": lambda name: "yo " + name}) == "yo bob"


@pytest.mark.parametrize("text, message", [
    ('{{eq 1 "a"}}', 'template: :1:2: executing "" at <eq 1 "a">: error calling eq: incompatible types for comparison'),
    ("{{lt true false}}",
     'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison'),
    ("{{eq .Args .Args}}",
     'template: :1:2: executing "" at <eq .Args .Args>: error calling eq: invalid type for comparison'),
    ("{{eq 1}}", 'template: :1:2: executing "" at <eq 1>: error calling eq: missing argument for comparison'),
    ("{{eq}}", 'template: :1:2: executing "" at <eq>: wrong number of args for eq: want at least 1 got 0'),
    ("{{index .Args 5}}",
     'template: :1:2: executing "" at <index .Args 5>: error calling index: index out of range: 5'),
    ("{{index .Config.Labels 1}}", 'template: :1:2: executing "" at <index .Config.Labels...>: '
                                   "error calling index: value has type int; should be string"),
    ("{{len 3}}", 'template: :1:2: executing "" at <len 3>: error calling len: len of type int'),
    ("{{len .Nope}}", 'template: :1:2: executing "" at <len .Nope>: error calling len: len of untyped nil'),
    ("{{upper 5}}", 'template: :1:8: executing "" at <5>: expected string; found 5'),
    ("{{join .Name \",\"}}",
     'template: :1:7: executing "" at <.Name>: wrong type for value; expected []string; got string'),
    ('{{pad "x" -1 0}}',
     'template: :1:2: executing "" at <pad "x" -1 0>: error calling pad: strings: negative Repeat count'),
    ("{{printf}}", 'template: :1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0'),
    ("{{printf 1}}", 'template: :1:9: executing "" at <1>: expected string; found 1'),
    ("{{nil}}", 'template: :1:2: executing "" at <nil>: nil is not a command'),
    ('{{.Id "x"}}', 'template: :1:2: executing "" at <.Id>: Id is not a method but has arguments'),
    ("{{1 2}}", 'template: :1:2: executing "" at <1>: can\'t give argument to non-function 1'),
    ("{{range .Id}}{{end}}", 'template: :1:8: executing "" at <.Id>: range can\'t iterate over 4f66ad9a0b2e'),
    ('{{template "nope"}}', 'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined'),
    ('{{define "t"}}{{.X.Y}}{{end}}{{template "t" .Id}}',
     'template: :1:18: executing "t" at <.X.Y>: can\'t evaluate field X in type string'),
    ("{{.State.Pid.X}}",
     'template: :1:8: executing "" at <.State.Pid.X>: can\'t evaluate field X in type interface {}'),
])
def test_execution_errors(text, message):
    assert error_of(text) == message


def test_error_position_counts_lines_and_bytes():
    assert error_of("one\ntwo {{.Id.X}}") == (
        'template: :2:9: executing "" at <.Id.X>: can\'t evaluate field X in type interface {}')
    assert error_of("é {{.Id.X}}") == (
        'template: :1:8: executing "" at <.Id.X>: can\'t evaluate field X in type interface {}')


def test_error_context_is_cut_at_twenty_bytes():
    # Go 1.13 shortens the <...> context to 20 bytes; later Go prints it whole
    assert error_of("{{index .Args 9 8 7 6 5 4 3}}") == (
        'template: :1:2: executing "" at <index .Args 9 8 7 6 ...>: error calling index: index out of range: 9')


def test_partial_output_is_kept_on_error():
    with pytest.raises(TemplateError) as caught:
        render("before {{.Id.X}} after")
    assert caught.value.partial == "before "


def test_template_recursion_is_bounded():
    message = error_of('{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}')
    assert "exceeded maximum template depth" in message


# Go 1.13 specifics (docker 19.03 era) --------------------------------------------------------

def test_and_or_evaluate_every_argument():
    assert error_of("{{and 0 (index .Args 9)}}") == (
        'template: :1:9: executing "" at <index .Args 9>: error calling index: index out of range: 9')


def test_comparing_nil_is_an_error():
    assert error_of('{{eq .Nope "x"}}') == (
        'template: :1:2: executing "" at <eq .Nope "x">: error calling eq: invalid type for comparison')


@pytest.mark.parametrize("text, message", [
    ("{{break}}", 'template: :1: function "break" not defined'),
    ("{{range .}}{{continue}}{{end}}", 'template: :1: function "continue" not defined'),
    ("{{.Id\n}}", "template: :1: unclosed action"),
    ("{{else with .A}}", 'template: :1: unexpected <with> in else'),
    ("x {{-\t.Id}}", 'template: :1: illegal number syntax: "-"'),
])
def test_go_1_13_syntax(text, message):
    assert error_of(text) == message


# parse errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("{{.Names}", 'template: :1: unexpected "}" in operand'),
    ("{{.Names", "template: :1: unclosed action"),
    ("{{", "template: :1: unexpected unclosed action in command"),
    ("{{}}", "template: :1: missing value for command"),
    ("{{nope}}", 'template: :1: function "nope" not defined'),
    ("{{$x}}", 'template: :1: undefined variable "$x"'),
    ("{{end}}", "template: :1: unexpected {{end}}"),
    ("{{else}}", "template: :1: unexpected {{else}}"),
    ("{{if .A}}", "template: :1: unexpected EOF"),
    ("{{if .A}}{{else}}{{else}}{{end}}", "template: :1: expected end; found {{else}}"),
    ("{{range}}{{end}}", "template: :1: missing value for range"),
    ("{{range $i, $v, $w := .}}{{end}}", "template: :1: too many declarations in range"),
    ("{{range $i, 3}}{{end}}", "template: :1: range can only initialize variables"),
    ("{{$a, $b := 1}}", "template: :1: too many declarations in command"),
    ("{{.A | 3}}", "template: :1: non executable command in pipeline stage 2"),
    ("{{3.A}}", 'template: :1: unexpected bad number syntax: "3.A" in command'),
    ('{{"x".A}}', 'template: :1: unexpected . after term "\\"x\\""'),
    ("{{(.A}}", "template: :1: unclosed left paren"),
    ("{{(}}", "template: :1: unexpected unclosed left paren in parenthesized pipeline"),
    ("{{.A)}}", 'template: :1: unexpected ")" in input'),
    ("{{/* open", "template: :1: unexpected unclosed comment in input"),
    ("{{/* c */ x}}", "template: :1: unexpected comment ends before closing delimiter in input"),
    ('{{"open}}', "template: :1: unexpected unterminated quoted string in command"),
    ("{{$x=1}}", "template: :1: unexpected bad character U+003D '=' in command"),
    ("{{\x01}}", "template: :1: unexpected unrecognized character in action: U+0001 in command"),
    ('{{"\\q"}}', "template: :1: invalid syntax"),
    ("{{'ab'}}", "template: :1: malformed character constant: 'ab'"),
    ("{{99999999999999999999}}", 'template: :1: integer overflow: "99999999999999999999"'),
    ("{{0x}}", 'template: :1: illegal number syntax: "0x"'),
    ('{{define "a"}}a{{end}}{{define "a"}}b{{end}}', 'template: :1: template: multiple definition of template "a"'),
    ('{{template .A}}', 'template: :1: unexpected ".A" in template clause'),
    ('{{block "b"}}{{end}}', "template: :1: missing value for block clause"),
    ("line one\n{{if}}", "template: :2: missing value for if"),
])
def test_parse_errors(text, message):
    with pytest.raises(TemplateError) as caught:
        Template.parse(text)
    assert str(caught.value) == message


def test_template_name_appears_in_messages():
    with pytest.raises(TemplateError) as caught:
        Template.parse("{{", name="inspect")
    assert str(caught.value) == "template: inspect:1: unexpected unclosed action in command"


def test_parse_rejects_non_text():
    with pytest.raises(TypeError):
        Template.parse(b"{{.}}")


def test_deep_nesting_fails_cleanly():
    with pytest.raises(TemplateError):
        Template.parse("{{" + "(" * 2000 + "1" + ")" * 2000 + "}}")


def test_structs_maps_and_nil_pointers_under_missingkey_error():
    """inspect -f's first pass: a struct's unknown field fails, a Go map's missing key is
    <no value>, a struct's nil pointer is <nil>."""
    import pytest
    from dockercri.gotemplate import Template, TemplateError
    from dockercri.render.inspect import GoMap, GoStruct
    data = {"State": GoStruct({"Running": True}, nil_fields=("Health",)),
            "Labels": GoMap({"a": "b"})}

    def run(text):
        return Template.parse(text).execute(data, missingkey="error")
    assert run("{{.Labels.nope}}|{{.Labels.a}}") == "<no value>|b"
    assert run("{{.State.Health}}|{{json .State.Health}}") == "<nil>|null"
    with pytest.raises(TemplateError, match='map has no entry for key "Nope"'):
        run("{{.State.Nope}}")
    with pytest.raises(TemplateError):
        run("{{.State.Health.Status}}")
