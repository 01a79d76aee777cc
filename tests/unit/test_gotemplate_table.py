"""docker's list formats: "table ..." headers and tabwriter columns, plain rows."""

import pytest

from dockercri.gotemplate import TemplateError, prepare_format, render_table, tabwrite

HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Names": "NAMES", "Status": "STATUS",
           "Labels": "LABELS", "Size": "SIZE"}


class Row:
    def __init__(self, cid, image, names):
        self.cid, self.image, self.names = cid, image, names

    def ID(self):
        return self.cid

    def Image(self):
        return self.image

    def Names(self):
        return self.names

    def Label(self, key):
        return "lbl-" + key


ROWS = [Row("4f66ad9a0b2e", "nginx:1.25", "web"), Row("9c1d", "registry.k8s.io/pause:3.9", "k8s_POD_web")]


def test_table_with_header_and_aligned_columns():
    assert render_table("table {{.ID}}\t{{.Image}}\t{{.Names}}", ROWS, HEADERS) == (
        "CONTAINER ID        IMAGE                       NAMES\n"
        "4f66ad9a0b2e        nginx:1.25                  web\n"
        "9c1d                registry.k8s.io/pause:3.9   k8s_POD_web\n")


def test_escaped_tab_in_the_format_counts_as_a_tab():
    assert render_table("table {{.ID}}\\t{{.Names}}", ROWS, HEADERS) == (
        "CONTAINER ID        NAMES\n"
        "4f66ad9a0b2e        web\n"
        "9c1d                k8s_POD_web\n")


def test_table_without_rows_still_prints_the_header():
    assert render_table("table {{.ID}}\t{{.Names}}", [], HEADERS) == "CONTAINER ID        NAMES\n"


def test_plain_format_prints_one_line_per_row():
    assert render_table("{{.ID}}: {{.Names}}", ROWS, HEADERS) == "4f66ad9a0b2e: web\n9c1d: k8s_POD_web\n"
    assert render_table("  {{.ID}}\\n", ROWS[:1], HEADERS) == "4f66ad9a0b2e\n\n"
    assert render_table("{{.ID}}\t{{.Names}}", ROWS[:1], HEADERS) == "4f66ad9a0b2e\tweb\n"


def test_header_functions_keep_header_text():
    text = "table {{upper .Names}}\t{{json .Image}}\t{{truncate .ID 4}}\t{{lower .Image}}"
    assert render_table(text, ROWS[:1], HEADERS) == (
        "NAMES               IMAGE               CONTAINER ID        IMAGE\n"
        "WEB                 \"nginx:1.25\"        4f66                nginx:1.25\n")


def test_unknown_header_prints_no_value():
    assert render_table("table {{.ID}}\t{{.Nope}}", [{"ID": "a", "Nope": "b"}], HEADERS) == (
        "CONTAINER ID        <no value>\n"
        "a                   b\n")


def test_header_that_fails_prints_what_it_had():
    # docker executes the header on a map: .Label "k" fails there, the rest is dropped
    assert render_table('table {{.ID}}\t{{.Label "app"}}\t{{.Names}}', ROWS[:1], HEADERS) == (
        "CONTAINER ID        \n"
        "4f66ad9a0b2e        lbl-app             web\n")


def test_row_errors_raise():
    with pytest.raises(TemplateError) as caught:
        render_table("table {{.Nope}}", ROWS, HEADERS)
    assert str(caught.value) == 'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type Row'


def test_parse_errors_raise():
    with pytest.raises(TemplateError) as caught:
        render_table("table {{.ID}", ROWS, HEADERS)
    assert str(caught.value) == 'template: :1: unexpected "}" in operand'


def test_strict_fields_and_type_name_for_dict_rows():
    with pytest.raises(TemplateError) as caught:
        render_table("{{.Nope}}", [{"ID": "a"}], HEADERS, strict_fields=True, type_name="*formatter.containerContext")
    assert str(caught.value).endswith("can't evaluate field Nope in type *formatter.containerContext")


@pytest.mark.parametrize("text, prepared", [
    ("table {{.ID}}", "{{.ID}}"),
    ("table", ""),
    ("tablefoo", "foo"),
    ("  {{.ID}}\\t{{.Names}}\\n ", "{{.ID}}\t{{.Names}}\n"),
    ("{{.ID}}\\\\t", "{{.ID}}\\\t"),
])
def test_prepare_format(text, prepared):
    assert prepare_format(text) == prepared


@pytest.mark.parametrize("text, written", [
    ("a\tb\n", "a                   b\n"),
    ("a\tb", "a                   b"),
    ("a\tb\nlonger-than-twenty-chars\tc\n", "a" + " " * 26 + "b\nlonger-than-twenty-chars   c\n"),
    ("a\tb\n\nc\td\n", "a                   b\n\nc                   d\n"),
    ("a\tb\tc\nd\te\n", "a                   b                   c\nd                   e\n"),
    ("a\t\tc\n", "a                                       c\n"),
    ("é\tx\n", "é                   x\n"),
    ("x\n", "x\n"),
    ("", ""),
])
def test_tabwriter(text, written):
    assert tabwrite(text) == written


def test_column_blocks_restart_after_a_line_without_that_column():
    text = "a-long-cell-here-xx\tb\nshort\n" "c\td\n"
    assert tabwrite(text) == "a-long-cell-here-xx   b\nshort\nc                   d\n"
