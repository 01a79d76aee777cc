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


def test_only_the_executor_calls_the_runtime():
    """The plan is the program: outside dockercri/runtime/ nothing makes a CRI call itself;
    node steps reach the runtime only through the on-demand steps their plan declares
    (context.call), and everything else through the executor's plans."""
    import re
    direct = re.compile(r"\.cri\.call\(|\bcall_many\(|\._call\(")
    for path in _sources():
        relative = os.path.relpath(path, PACKAGE)
        if relative.startswith(("runtime" + os.sep, "_gen" + os.sep)):
            continue
        with open(path, encoding="utf-8") as handle:
            found = [line.strip() for line in handle if direct.search(line)]
        assert found == [], (relative, found)
