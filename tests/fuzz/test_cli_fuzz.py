"""Any docker command line, against a runtime that is not there: a clean answer, never a crash.

For every command of the mapping table, generated command lines must end with
one of docker's exit codes and a message, never a Python traceback nor the
"unexpected error" line; and `dockercri explain` must explain every command
line the parser accepts (exit 0), or reject a value with docker's wording (125).
"""

from hypothesis import given
from hypothesis import strategies as st

from dockercri import mapping
from dockercri.cli.dispatch import find_command
from dockercri.cli.build import parse
from dockercri.errors import DockerCLIError
from tests.conftest import run_cli
from tests.fuzz.strategies import COMMAND_NAMES, any_argv, argv_for, fuzz_settings

DOCKER_EXIT_CODES = {0, 1, 125, 126, 127}
UNEXPECTED = ("Traceback", "(run with --debug for details)")


def assert_clean(result, argv):
    for marker in UNEXPECTED:
        assert marker not in result.err, (argv, result)
        assert marker not in result.out, (argv, result)
    assert result.code in DOCKER_EXIT_CODES, (argv, result)
    if result.code != 0:
        assert result.err.strip(), ("a failure must say why", argv, result)


def parser_accepts(argv):
    """The table Command when its parser accepts argv, else None."""
    command, rest = find_command(argv)
    if command is None:
        return None
    try:
        parse(command, rest)
    except DockerCLIError:
        return None
    return command


def check_argv(argv, environ):
    result = run_cli(argv, environ=environ)
    assert_clean(result, argv)
    explained = run_cli(["explain"] + argv, environ=environ)
    assert_clean(explained, ["explain"] + argv)
    command = parser_accepts(argv)
    if command is not None:
        check_explained(command, argv, explained)
    return result


def check_explained(command, argv, explained):
    """Unsupported flags are explained, not refused; only a value docker itself checks
    after parsing (a name, a port, a mount) may still be rejected, in docker's words."""
    if explained.code == 0:
        assert explained.out.strip(), (argv, explained)
        return
    if explained.code == 125:
        assert "--help'" in explained.err or explained.err.startswith(
            ("docker: ", "Error")), (argv, explained)
        return
    assert explained.code == 1, (argv, explained)
    if command.kind == "docker":
        # docker's own argument-count errors, checked after its flag parser: exit 1.
        assert "requires" in explained.err and "argument" in explained.err, (argv, explained)
    else:
        # crictl's verbs check their operands themselves and exit 1, as crictl does.
        assert explained.err.startswith("Error: "), (argv, explained)


@fuzz_settings(1500)
@given(argv=any_argv())
def test_any_command_line_fails_cleanly(argv, offline_env):
    check_argv(argv, offline_env)


# Every command gets a share of its own, so none hides behind the others.
@fuzz_settings(25, cost=len(COMMAND_NAMES))
@given(data=st.data())
def test_each_command_line(data, offline_env):
    for name in COMMAND_NAMES:
        argv = data.draw(argv_for(mapping.command(name)), label=name)
        check_argv(argv, offline_env)


GLOBALS = ["--timeout", "-t", "--cri-api", "-l", "--log-level", "-r", "-i", "-H"]


@fuzz_settings(200)
@given(flag=st.sampled_from(GLOBALS),
       value=st.one_of(st.sampled_from(["", "abc", "-1", "0", "1s", "nan", "inf", "1e400",
                                        "v1", "v1alpha2", "v9", "debug", "unix://",
                                        "/nonexistent/y.sock", "tcp://", "2.5", "10ms"]),
                       st.text(max_size=8)),
       eq=st.booleans(), name=st.sampled_from(["ps", "images", "version", "info", "pods"]))
def test_global_flags_fail_cleanly(flag, value, eq, name, offline_env):
    # Only endpoints that cannot exist on this machine: nothing is ever contacted.
    if flag in ("-r", "-H", "-i") and not value.startswith(("unix:///nonexistent", "/nonexistent")):
        value = "unix:///nonexistent/" + value.replace("/", "_")
    argv = (["%s=%s" % (flag, value)] if eq else [flag, value]) + [name]
    result = run_cli(argv, environ=offline_env)
    assert_clean(result, argv)


def test_the_unreachable_runtime_is_named(offline_env):
    result = run_cli(["ps"], environ=offline_env)
    assert result.code == 1
    assert "Cannot connect to the CRI runtime at unix:///nonexistent/x.sock" in result.err
