"""The layering docs/ARCHITECTURE.md describes, checked on the source."""

import ast
import os

from tests.conftest import ROOT

PACKAGE = os.path.join(ROOT, "dockercri")


def _sources(*parts):
    top = os.path.join(PACKAGE, *parts)
    for folder, _, files in os.walk(top):
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def _imported(path):
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            for alias in node.names:
                yield "%s.%s" % (node.module, alias.name)


def test_the_plan_and_the_table_never_reach_up_into_render_or_commands():
    for part in ("plan", "mapping"):
        for path in _sources(part):
            upward = [name for name in _imported(path)
                      if name.startswith(("dockercri.render", "dockercri.commands",
                                          "dockercri.runtime"))]
            assert upward == [], os.path.relpath(path, ROOT)


def test_dockercri_label_names_are_written_once():
    """Every io.dockercri.* label name comes from dockercri/labels.py."""
    own = os.path.join(PACKAGE, "labels.py")
    for path in _sources():
        if path == own or os.sep + "_gen" + os.sep in path:
            continue
        with open(path, encoding="utf-8") as handle:
            assert "io.dockercri." not in handle.read(), os.path.relpath(path, ROOT)
