"""From a docker command line to its plan, and from the plan to its runner.

The one path for execution and for explain alike: words → table Command →
Intent (click, docker's grammar) → the command's planner → Plan; running a
command hands that plan to its runner.
"""

from dockercri.commands.registry import SPECIAL, entry, load, planner_for
from dockercri.errors import ProgramError


def find_command(words):
    """Resolve leading words to a table Command; returns (command, rest)."""
    from dockercri import mapping

    found = mapping.resolve(list(words))
    if found is None:
        return None, words
    command, used = found
    return command, words[used:]


def plan_argv(words, prog="docker"):
    """docker command words → (Command, Intent, Plan); used by execution and explain alike."""
    from dockercri.cli.build import parse

    command, rest = find_command(words)
    if command is None:
        raise ProgramError("'%s' is not a docker command" % words[0], exit_code=1, hint_dot="")
    typed = " ".join(words[:len(words) - len(rest)])  # "container ls" as docker names it
    intent = parse(command, rest, prog, typed)
    try:
        return command, intent, planner_for(command)(intent, command)
    except ValueError as error:
        # A value docker checks after parsing (a name, a port, a mount): its wording, exit 125.
        raise ProgramError(str(error), typed)


def run(words, session):
    if words[0] in SPECIAL:
        return load(SPECIAL[words[0]])(words[1:], session)
    command, rest = find_command(words)
    if command is None:
        from dockercri.render.help import group_help, group_words
        group = group_words(words)
        if group is not None:
            # `docker volume` alone: the group's commands on stderr; a word it lacks is an error
            session.env.stderr.write(group_help(group, session.env.prog))
            extra = words[len(group.split()):]
            return 1 if extra and extra[0] not in ("--help", "-h") else 0
    if command is not None and _help_requested(command, rest):
        from dockercri.render.help import command_help
        session.env.stdout.write(command_help(command, session.env.prog))
        return 0
    command, intent, plan = plan_argv(words, session.env.prog)
    return load(entry(command)[1])(intent, plan, session) or 0


def _help_requested(command, rest):
    """`--help` counts only before a `--` and, for run/exec, only before the image;
    `-h` is help only where it is not a flag of the command (run's -h is --hostname)."""
    words = ("--help",) if any(f.short == "-h" for f in command.flags) else ("--help", "-h")
    stops_at_positional = command.args in ("image-and-command", "command")
    for arg in rest:
        if arg == "--":
            return False
        if arg in words:
            return True
        if stops_at_positional and not arg.startswith("-"):
            return False
    return False
