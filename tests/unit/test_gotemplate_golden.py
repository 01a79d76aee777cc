"""Outputs and messages recorded from Go's text/template, replayed here.

tests/golden/gotemplate/go_cases.json holds templates, the data they ran
on, and what Go printed (output before any error, and the error). Only
behaviour that Go 1.13, the docker 19.03 era, shares with later Go is
recorded there; where 1.13 differs, test_gotemplate.py pins 1.13.
"""

import json
import os

import pytest

from dockercri.gotemplate import Template, TemplateError

GOLDEN = os.path.join(os.path.dirname(__file__), "..", "golden", "gotemplate", "go_cases.json")

with open(GOLDEN, encoding="utf-8") as handle:
    _DOC = json.load(handle)


def _run(case):
    data = _DOC["data"][case["data"]]
    try:
        template = Template.parse(case["template"])
    except TemplateError as error:
        return "", str(error)
    try:
        return template.execute(data, missingkey=case.get("missingkey") or "default"), None
    except TemplateError as error:
        return error.partial, str(error)


@pytest.mark.parametrize("case", _DOC["cases"], ids=[c["template"][:60] for c in _DOC["cases"]])
def test_matches_go(case):
    output, error = _run(case)
    assert error == case.get("error")
    assert output == case["output"]


def test_golden_file_is_substantial():
    assert len(_DOC["cases"]) > 400
