"""Go's fmt as templates print values: {{.}}, print, printf verbs and flags."""

import math

import pytest

from dockercri.gotemplate import Template
from dockercri.gotemplate.gofmt import sprint, sprintf, sprintln
from dockercri.gotemplate.strconv import format_float


def show(value):
    return Template.parse("{{.}}").execute(value)


@pytest.mark.parametrize("value, text", [
    (True, "true"), (False, "false"), (0, "0"), (-12, "-12"), (2 ** 62, "4611686018427387904"),
    (0.5, "0.5"), (1.0, "1"), (100000.0, "100000"), (1000000.0, "1e+06"), (1234567.0, "1.234567e+06"),
    (0.0001, "0.0001"), (0.00001, "1e-05"), (-0.0, "-0"), (1e100, "1e+100"), (0.1 + 0.2, "0.30000000000000004"),
    (math.inf, "+Inf"), (-math.inf, "-Inf"), (math.nan, "NaN"), (1 + 2j, "(1+2i)"),
    ("text", "text"), ("", ""),
    ([1, "a", None, 2.5], "[1 a <nil> 2.5]"), ([], "[]"), ([[1, 2], [3]], "[[1 2] [3]]"),
    ({"b": 2, "a": 1}, "map[a:1 b:2]"), ({}, "map[]"), ({"k": [1, 2], "n": None}, "map[k:[1 2] n:<nil>]"),
    ({2: "x", 10: "y", 1: "z"}, "map[1:z 2:x 10:y]"), (b"hi", "[104 105]"),
])
def test_values_print_as_go_prints_them(value, text):
    assert show(value) == text


def test_missing_value_prints_no_value():
    assert show(None) == "<no value>"


@pytest.mark.parametrize("fmt, args, text", [
    ("%s|%v|%q", ["a", "b", "c\n"], 'a|b|"c\\n"'),
    ("%d|%5d|%-5d|%05d|%+d|% d", [7, 7, 7, 7, 7, 7], "7|    7|7    |00007|+7| 7"),
    ("%x|%X|%o|%O|%b|%#x|%#o|%#b", [255, 255, 8, 8, 5, 255, 8, 5], "ff|FF|10|0o10|101|0xff|010|0b101"),
    ("%c|%q|%U|%#U", [65, 65, 0x263A, 0x263A], "A|'A'|U+263A|U+263A '☺'"),
    ("%f|%.2f|%8.3f|%-8.2f|", [3.14159, 3.14159, 3.14159, 3.14159], "3.141590|3.14|   3.142|3.14    |"),
    ("%e|%E|%g|%G|%.3g", [1234.5678, 1234.5678, 1234.5678, 1e-7, 1234567.0],
     "1.234568e+03|1.234568E+03|1234.5678|1E-07|1.23e+06"),
    ("%5.2f%%", [99.5], "99.50%"),
    ("%t|%v|%5t", [True, False, True], "true|false| true"),
    ("%10s|%-10s|%.2s|%5.1s", ["r", "l", "trunc", "xyz"], "         r|l         |tr|    x"),
    ("%x|% x|%#x|%X", ["hi", "hi", "hi", "é"], "6869|68 69|0x6869|C3A9"),
    ("%v|%d|%s", [[1, 2], [1, 2], ["a", "b"]], "[1 2]|[1 2]|[a b]"),
    ("%v", [{"b": 1, "a": [1]}], "map[a:[1] b:1]"),
    ("%#v|%#v|%#v", ["s", [1, "a"], {"k": None}],
     '"s"|[]interface {}{1, "a"}|map[string]interface {}{"k":interface {}(nil)}'),
    ("%T %T %T %T %T %T %T", [1, 1.5, "s", [1], {"a": 1}, True, None],
     "int float64 string []interface {} map[string]interface {} bool <nil>"),
    ("%[2]d %[1]d|%[1]d %[1]x", [10, 20], "20 10|10 a"),
    ("%*d|%-*d|%.*f", [4, 1, 4, 2, 1, 3.14159], "   1|2   |3.1"),
    ("%08.3f|%+.1e|%x", [-3.5, 12345.678, -255], "-003.500|+1.2e+04|-ff"),
])
def test_printf_verbs(fmt, args, text):
    assert sprintf(fmt, args) == text


@pytest.mark.parametrize("fmt, args, text", [
    ("%d", ["x"], "%!d(string=x)"),
    ("%s", [5], "%!s(int=5)"),
    ("%d", [None], "%!d(<nil>)"),
    ("%v", [None], "<nil>"),
    ("%z", [1], "%!z(int=1)"),
    ("%d %d", [1], "1 %!d(MISSING)"),
    ("%d", [1, "x", None], "1%!(EXTRA string=x, <nil>)"),
    ("%", [], "%!(NOVERB)"),
    ("%[3]d", [1], "%!d(BADINDEX)"),
    ("%*d", ["x", 1], "%!(BADWIDTH)1"),
    ("%.*d", ["x", 1], "%!(BADPREC)1"),
    ("%d", [[1, "a"]], "[1 %!d(string=a)]"),
    ("%100000000d", [1], "%!(NOVERB)%!(EXTRA int=1)"),
])
def test_printf_errors_are_printed_inline(fmt, args, text):
    assert sprintf(fmt, args) == text


def test_print_and_println_spacing():
    assert sprint([1, 2, "a", "b", 3, None]) == "1 2ab3 <nil>"
    assert sprintln(["a", 1, None]) == "a 1 <nil>\n"


def test_printf_from_a_template():
    template = Template.parse('{{printf "%-8s|%6.1f|%03d" .Name .CPU .N}}')
    assert template.execute({"Name": "web", "CPU": 12.345, "N": 7}) == "web     |  12.3|007"


@pytest.mark.parametrize("value, fmt, prec, text", [
    (1e21, "g", -1, "1e+21"), (123456789.0, "f", -1, "123456789"), (0.000001, "e", -1, "1e-06"),
    (2.5, "e", 0, "2e+00"), (0.0, "g", -1, "0"), (0.0, "e", -1, "0e+00"), (1.5, "x", -1, "0x1.8p+00"),
    (1.0, "b", -1, "4503599627370496p-52"), (-2.0, "G", -1, "-2"),
])
def test_format_float(value, fmt, prec, text):
    assert format_float(value, fmt, prec) == text
