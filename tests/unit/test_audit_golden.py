"""The audit of each test script, unit, crontab and playbook (tests/golden/audit/), as golden
reports in tests/golden/audit/reports/: one text report per file and one JSON report of all.

Run with DOCKERCRI_UPDATE_GOLDEN=1 to rewrite the reports after a deliberate change (a table
row that changes a verdict changes them too); review the diff like code.
"""

import json
import os
import re

import pytest

from tests.conftest import run_cli

pytest.importorskip("tree_sitter_bash")

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "audit")
REPORTS = os.path.join(HERE, "reports")
NO_RUNTIME = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///nonexistent/dockercri-test.sock",
              "HOME": "/nonexistent"}


def sources():
    found = []
    for folder in ("scripts", "static"):
        for top, _, names in os.walk(os.path.join(HERE, folder)):
            found += [os.path.relpath(os.path.join(top, name), HERE) for name in names]
    return sorted(found)


def slug(path):
    return re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_")


@pytest.fixture(autouse=True)
def in_audit_dir(monkeypatch):
    for key, value in NO_RUNTIME.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(HERE)


def _compare(name, text):
    path = os.path.join(REPORTS, name)
    if os.environ.get("DOCKERCRI_UPDATE_GOLDEN"):
        os.makedirs(REPORTS, exist_ok=True)
        with open(path, "w") as handle:
            handle.write(text)
    with open(path) as handle:
        assert text == handle.read()


@pytest.mark.parametrize("path", sources(), ids=slug)
def test_audit_report_matches_golden(path):
    result = run_cli(["audit", path], environ=dict(os.environ))
    assert result.err == ""
    refused = "  refused  " in result.out or re.search(r"\d+ refused", result.out)
    assert result.code == (1 if refused else 0), result
    _compare(slug(path) + ".txt", result.out)


def test_audit_json_of_everything_matches_golden():
    result = run_cli(["audit", "--format", "json", "scripts", "static"],
                     environ=dict(os.environ))
    assert result.code == 1 and result.err == ""
    findings = json.loads(result.out)
    assert {"file", "line", "command", "verdict", "reason"} <= set(findings[0])
    assert {finding["verdict"] for finding in findings} == {
        "works", "differs", "refused", "unknown", "assumes-docker"}
    _compare("all.json", result.out)
