"""docker's flag grammar (pflag), as scripts write it."""

import shlex

import pytest

from dockercri.cli.dispatch import plan_argv
from tests.conftest import run_cli

NO_RUNTIME = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///nonexistent/none.sock",
              "DOCKERCRI_NAME_SEED": "grammar"}


def intent(line):
    return plan_argv(shlex.split(line))[1]


def test_boolean_flags_take_explicit_values():
    assert intent("run --rm=false busybox").opt("rm") is False
    assert intent("run --rm=true busybox").opt("rm") is True
    assert intent("run --rm busybox").opt("rm") is True
    assert intent("ps -a=false").opt("all") is False


def test_bad_boolean_value():
    result = run_cli(["run", "--rm=maybe", "busybox"], environ=NO_RUNTIME)
    assert result.code == 125
    assert result.err.startswith('invalid argument "maybe" for "--rm" flag: strconv.ParseBool: '
                                 'parsing "maybe": invalid syntax')


def test_short_flags_with_equals_and_attached_values():
    assert intent("run -e=A=1 busybox").opt("env") == ("A=1",)
    assert intent("ps -f=name=x").opt("filter") == ("name=x",)
    assert intent("ps -n5").opt("last") == 5
    assert intent("ps -n=5").opt("last") == 5


def test_combined_short_flags():
    parsed = intent("ps -qa")
    assert parsed.opt("quiet") and parsed.opt("all")
    run = intent("run -it busybox sh")
    assert run.opt("interactive") and run.opt("tty")
    rm = intent("rm -fv web")
    assert rm.opt("force") and rm.opt("volumes")


def test_everything_after_the_image_belongs_to_the_container():
    run = intent("run --name web busybox ls -la --rm")
    assert run.args == ("busybox", "ls", "-la", "--rm")
    assert run.opt("rm") is False
    assert intent("exec web ps -ef").args == ("web", "ps", "-ef")


def test_flags_after_positional_arguments_where_docker_accepts_them():
    stop = intent("stop web -t 3")
    assert stop.args == ("web",) and stop.opt("time") == 3
    assert intent("logs web --tail 5").opt("tail") == "5"


def test_double_dash_ends_flags():
    assert intent("rm -- -weird").args == ("-weird",)


@pytest.mark.parametrize("line,message", [
    ("ps --nosuch", "unknown flag: --nosuch\nSee 'docker ps --help'.\n"),
    ("ps -z", "unknown shorthand flag: 'z' in -z\nSee 'docker ps --help'.\n"),
    ("run --nosuch busybox", "unknown flag: --nosuch\nSee 'docker run --help'.\n"),
    ("logs --tail", "flag needs an argument: --tail\nSee 'docker logs --help'.\n"),
])
def test_unknown_flags_and_missing_values_exit_125(line, message):
    result = run_cli(shlex.split(line), environ=NO_RUNTIME)
    assert (result.code, result.err) == (125, message)


def test_management_command_forms_reach_the_same_code():
    for long_form, short_form in (("container ls -a", "ps -a"), ("image ls", "images"),
                                  ("container rm -f x", "rm -f x"), ("image rm x", "rmi x"),
                                  ("container inspect x", "inspect x"),
                                  ("image inspect x", "inspect x")):
        assert plan_argv(shlex.split(long_form))[2].steps[0].rpc == \
            plan_argv(shlex.split(short_form))[2].steps[0].rpc


def test_unknown_command():
    result = run_cli(["nosuchcommand"], environ=NO_RUNTIME)
    assert (result.code, result.err) == (
        1, "docker: 'nosuchcommand' is not a docker command.\nSee 'docker --help'\n")


def test_argument_counts_exit_1_with_usage():
    result = run_cli(["images", "a", "b"], environ=NO_RUNTIME)
    assert result.code == 1
    assert result.err == ('"docker images" requires at most 1 argument.\n'
                          "See 'docker images --help'.\n\n"
                          "Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nList images\n")
