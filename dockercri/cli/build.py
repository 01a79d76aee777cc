"""Click commands built from the mapping table's rows: each flag is written once.

This module is the only place (with main.py) that knows click. A command line
is parsed into an Intent without running anything, which is exactly what both
execution and explain need.
"""

import click
from click.core import ParameterSource

from dockercri.cli import grammar, values
from dockercri.errors import DockerCLIError, UsageError, see_help
from dockercri.intent import Intent


def _option(flag):
    names = [flag.name] + ([flag.short] if flag.short else [])
    if flag.type == "bool":
        return click.Option(["%s/%s" % (flag.name, grammar.negation(flag.name))]
                            + ([flag.short] if flag.short else []),
                            flag.dest, default=bool(flag.default), is_flag=True)
    multiple = flag.type in ("list", "map")
    default = None if multiple else flag.default
    return click.Option(names + [flag.dest], multiple=multiple, default=default, type=str,
                        show_default=False)


# The operands' parameter name: not a docker flag's (service update has --args).
_POSITIONAL = "positional_operands"


def click_command(command, prog):
    interspersed = command.args not in ("image-and-command", "command")
    cmd = click.Command(
        command.name,
        params=[_option(flag) for flag in command.flags]
        + [click.Argument([_POSITIONAL], nargs=-1, required=False)],
        context_settings={"allow_interspersed_args": interspersed,
                          "help_option_names": []},
        add_help_option=False,
    )
    return cmd


def parse(command, argv, prog="docker", path=None):
    """argv (after the command words) → Intent, with docker's errors and defaults.

    `path` is the command as typed ("container ls"), which docker's messages name."""
    path = path or command.name
    interspersed = command.args not in ("image-and-command", "command")
    args = grammar.normalise(list(argv), command.flags, interspersed)
    cmd = click_command(command, prog)
    try:
        ctx = cmd.make_context("%s %s" % (prog, command.name), args, resilient_parsing=False)
    except click.NoSuchOption as error:
        raise UsageError(_unknown_flag(error.option_name), path)
    except click.BadOptionUsage as error:
        raise UsageError(_needs_argument(error, command), path)
    except click.UsageError as error:
        raise UsageError(error.format_message(), path)
    options, given = {}, set()
    for flag in command.flags:
        raw = ctx.params.get(flag.dest)
        if ctx.get_parameter_source(flag.dest) == ParameterSource.COMMANDLINE:
            given.add(flag.dest)
        try:
            options[flag.dest] = values.convert(flag, raw) if flag.dest in given else _default(flag)
        except UsageError as error:  # a bad value: "See 'docker ps --help'."
            error.command_path = path
            raise
    positional = tuple(ctx.params.get(_POSITIONAL) or ())
    check_arity(command, positional, prog, path)
    return Intent(command.name, positional, options, frozenset(given))


def _default(flag):
    if flag.type in ("list", "map"):
        return ()
    if flag.type == "bool":
        return bool(flag.default)
    return flag.default


def _unknown_flag(option):
    if option.startswith("--"):
        return "unknown flag: %s" % option
    return "unknown shorthand flag: '%s' in %s" % (option.lstrip("-")[:1], option)


def _needs_argument(error, command):
    option = getattr(error, "option_name", "") or ""
    if not option:
        text = error.format_message()
        option = text.split("'")[1] if "'" in text else text
    if option.startswith("--"):
        return "flag needs an argument: %s" % option
    return "flag needs an argument: '%s' in %s" % (option.lstrip("-"), option)


_ARITY = {
    "none": (0, 0), "one": (1, 1), "one-or-more": (1, None), "at-most-one": (0, 1),
    "image-and-command": (1, None), "command": (2, None), "any": (0, None),
    "two": (2, 2), "one-or-two": (1, 2),
}


def check_arity(command, positional, prog="docker", typed=None):
    low, high = _ARITY.get(command.args, (0, None))
    count = len(positional)
    if low <= count and (high is None or count <= high):
        return
    typed = typed or command.name
    path = "%s %s" % (prog, typed)
    if high == 0:
        message = '"%s" accepts no arguments.' % path
    elif high == low:
        message = '"%s" requires exactly %d argument%s.' % (path, low, "" if low == 1 else "s")
    elif count < low:
        message = '"%s" requires at least %d argument%s.' % (path, low, "" if low == 1 else "s")
    else:
        message = '"%s" requires at most %d argument%s.' % (path, high, "" if high == 1 else "s")
    usage = "\n".join(["", "Usage:  " + command.usage.replace("docker " + command.name, path, 1), "",
                       command.summary])
    # cobra's argument checks are plain errors: docker exits 1 for them, not 125.
    raise DockerCLIError("%s\n%s\n%s" % (message, see_help(path), usage), exit_code=1)
