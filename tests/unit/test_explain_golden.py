"""argv → explain text, as golden files (tests/golden/explain/): adding a case is adding a line.

Run with DOCKERCRI_UPDATE_GOLDEN=1 to rewrite the files after a deliberate change; review the
diff like code.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from tests.conftest import run_cli

HERE = os.path.join(os.path.dirname(__file__), "..", "golden", "explain")
# Files the cases name (runp's pod-config.json), copied into each case's working directory.
WORKDIR = os.path.join(HERE, "workdir")
NO_RUNTIME = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///nonexistent/dockercri-test.sock",
              "DOCKERCRI_NAME_SEED": "golden", "HOME": "/nonexistent"}


def cases():
    with open(os.path.join(HERE, "cases.txt")) as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def slug(line):
    return re.sub(r"[^a-z0-9]+", "_", line.lower()).strip("_")[:80]


@pytest.fixture(autouse=True)
def no_runtime(monkeypatch, tmp_path):
    for key, value in NO_RUNTIME.items():
        monkeypatch.setenv(key, value)
    for entry in os.listdir(WORKDIR):
        shutil.copy(os.path.join(WORKDIR, entry), str(tmp_path))
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("line", cases(), ids=slug)
def test_explain_matches_golden(line):
    result = run_cli(["explain"] + shlex.split(line), environ=dict(os.environ))
    assert result.code == 0, result
    assert result.err == ""
    path = os.path.join(HERE, slug(line) + ".txt")
    if os.environ.get("DOCKERCRI_UPDATE_GOLDEN"):
        with open(path, "w") as handle:
            handle.write(result.out)
    with open(path) as handle:
        assert result.out == handle.read()


def test_every_command_in_the_table_has_explain_output():
    from dockercri import mapping

    sample_args = {"none": [], "one": ["x"], "one-or-more": ["x"], "any": [],
                   "image-and-command": ["busybox", "true"], "command": ["x", "true"],
                   "at-most-one": [], "two": ["x", "y"], "one-or-two": ["x"]}
    for name in mapping.command_names():
        command = mapping.command(name)
        argv = name.split() + sample_args.get(command.args, ["x"])
        if name == "port-forward":
            argv = ["port-forward", "pod", "8080:80"]
        if name == "cp":  # one side must name a container
            argv = ["cp", "web:/etc/hosts", "."]
        if name == "import":  # the image needs a name
            argv = ["import", "rootfs.tar", "mine:1"]
        result = run_cli(["explain"] + argv, environ=dict(os.environ))
        assert result.code == 0, (name, result)
        assert "CRI calls:" in result.out and "crictl equivalent:" in result.out, name


def test_explain_never_imports_grpc():
    code = ("import sys; from dockercri.cli.main import raw_main; from dockercri.env import "
            "Environment; import io; raw_main(['explain','run','-d','-p','80:80','busybox'], "
            "Environment(stdout=io.StringIO())); print(sorted(m for m in sys.modules "
            "if m == 'grpc' or m.startswith('grpc.') or m.endswith('_pb2_grpc')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ), cwd=os.path.join(HERE, "..", "..", ".."))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_help_comes_from_the_table_and_needs_no_grpc():
    result = run_cli(["ps", "--help"], environ=dict(os.environ))
    assert result.code == 0
    assert "Usage:  docker ps [OPTIONS]" in result.out
    assert "  -a, --all" in result.out and "Show all containers (default shows just running)" \
        in result.out
    run_help = run_cli(["run", "--help"], environ=dict(os.environ)).out
    assert "--restart string" in run_help and "(not available over CRI)" in run_help
