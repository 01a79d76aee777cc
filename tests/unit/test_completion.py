"""Completion of commands and flags comes from the table, without the runtime or grpc."""

import subprocess
import sys

from tests.conftest import run_cli

NO_RUNTIME = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///nonexistent/none.sock"}


def complete(*words):
    result = run_cli(["__complete"] + list(words), environ=NO_RUNTIME)
    assert result.code == 0, result
    return result.out.split()


def test_commands_flags_and_management_forms():
    assert complete("p") == ["pause", "plugin", "pods", "port", "port-forward", "ps", "pull", "push"]
    assert complete("trust", "key", "g") == ["generate"]
    assert "--no-trunc" in complete("ps", "--n") and "--all" not in complete("ps", "--n")
    assert {"-a", "--all", "-q", "--quiet"} <= set(complete("ps", "-"))
    assert "--platform" not in complete("run", "--p")  # hidden flags are not offered
    assert complete("container", "l") == ["list", "logs", "ls"]
    assert "ls" in complete("image", "")
    assert complete("run", "--rest") == ["--restart"]


def test_names_without_a_runtime_complete_to_nothing_quickly():
    assert complete("logs", "") == []


def test_scripts_for_each_shell():
    for shell in ("bash", "zsh", "fish"):
        result = run_cli(["completion", shell], environ=NO_RUNTIME)
        assert result.code == 0 and "__complete" in result.out
    bad = run_cli(["completion", "tcsh"], environ=NO_RUNTIME)
    assert bad.code == 1


def test_bash_script_is_valid_bash():
    script = run_cli(["completion", "bash"], environ=NO_RUNTIME).out
    check = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True)
    assert check.returncode == 0, check.stderr


def test_completing_commands_never_imports_grpc():
    code = ("import sys, io; from dockercri.cli.main import raw_main; from dockercri.env import "
            "Environment; raw_main(['__complete', 'ps', '--'], Environment(stdout=io.StringIO())); "
            "print([m for m in sys.modules if m == 'grpc'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr
