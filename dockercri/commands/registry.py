"""From command words to the planner and runner that implement them.

Planners and runners are named by string and imported on use, so a command
pays only for its own modules at start-up.
"""

import importlib

from dockercri.errors import ProgramError

# command name → (planner "module:function", runner "module:function" or None)
COMMANDS = {
    "version": ("dockercri.plan.system:plan_version", "dockercri.commands.system:run_version"),
    "info": ("dockercri.plan.system:plan_info", "dockercri.commands.system:run_info"),
    "imagefsinfo": ("dockercri.plan.system:plan_imagefsinfo", "dockercri.commands.system:run_imagefsinfo"),
    "images": ("dockercri.plan.listing:plan_images", "dockercri.commands.listing:run_images"),
    "ps": ("dockercri.plan.listing:plan_ps", "dockercri.commands.listing:run_ps"),
    "pods": ("dockercri.plan.listing:plan_pods", "dockercri.commands.listing:run_pods"),
    "inspect": ("dockercri.plan.inspect:plan_inspect", "dockercri.commands.inspect:run_inspect"),
    "inspectp": ("dockercri.plan.inspect:plan_inspectp", "dockercri.commands.inspect:run_inspectp"),
    "logs": ("dockercri.plan.logs:plan_logs", "dockercri.commands.logs:run_logs"),
    "stats": ("dockercri.plan.stats:plan_stats", "dockercri.commands.stats:run_stats"),
    "run": ("dockercri.plan.run:plan_run", "dockercri.commands.run:run_run"),
    "create": ("dockercri.plan.run:plan_create", "dockercri.commands.run:run_create"),
    "stop": ("dockercri.plan.lifecycle:plan_stop", "dockercri.commands.lifecycle:run_stop"),
    "kill": ("dockercri.plan.lifecycle:plan_kill", "dockercri.commands.lifecycle:run_kill"),
    "rm": ("dockercri.plan.lifecycle:plan_rm", "dockercri.commands.lifecycle:run_rm"),
    "start": ("dockercri.plan.lifecycle:plan_start", "dockercri.commands.lifecycle:run_start"),
    "restart": ("dockercri.plan.lifecycle:plan_restart", "dockercri.commands.lifecycle:run_restart"),
    "wait": ("dockercri.plan.lifecycle:plan_wait", "dockercri.commands.lifecycle:run_wait"),
    "update": ("dockercri.plan.pods:plan_update", "dockercri.commands.pods:run_update"),
    "runp": ("dockercri.plan.pods:plan_runp", "dockercri.commands.pods:run_runp"),
    "stopp": ("dockercri.plan.pods:plan_stopp", "dockercri.commands.pods:run_stopp"),
    "rmp": ("dockercri.plan.pods:plan_rmp", "dockercri.commands.pods:run_rmp"),
    "container prune": ("dockercri.plan.lifecycle:plan_container_prune",
                        "dockercri.commands.lifecycle:run_container_prune"),
    "pull": ("dockercri.plan.images:plan_pull", "dockercri.commands.images:run_pull"),
    "rmi": ("dockercri.plan.images:plan_rmi", "dockercri.commands.images:run_rmi"),
    "image prune": ("dockercri.plan.images:plan_image_prune",
                    "dockercri.commands.images:run_image_prune"),
    "login": ("dockercri.plan.images:plan_login", "dockercri.commands.images:run_login"),
    "logout": ("dockercri.plan.images:plan_logout", "dockercri.commands.images:run_logout"),
    "exec": ("dockercri.plan.streams:plan_exec", "dockercri.commands.streams:run_exec"),
    "attach": ("dockercri.plan.streams:plan_attach", "dockercri.commands.streams:run_attach"),
    "port-forward": ("dockercri.plan.streams:plan_port_forward",
                     "dockercri.commands.streams:run_port_forward"),
}
SPECIAL = {
    "explain": "dockercri.commands.explain:run_explain",
    "doctor": "dockercri.doctor.cli:run_doctor",
    "completion": "dockercri.completion:run_completion",
    "__complete": "dockercri.completion:run_complete",
}


def load(ref):
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def find_command(words):
    """Resolve leading words to a table Command; returns (command, rest)."""
    from dockercri import mapping

    found = mapping.resolve(list(words))
    if found is None:
        return None, words
    command, used = found
    return command, words[used:]


def planner_for(command):
    return load(COMMANDS[command.name][0])


def plan_argv(words, prog="docker"):
    """docker command words → (Command, Intent, Plan); used by execution and explain alike."""
    from dockercri.cli.build import parse

    command, rest = find_command(words)
    if command is None:
        raise ProgramError("'%s' is not a docker command" % words[0], exit_code=1,
                           hint_dot="")
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
    if command is not None and _help_requested(command, rest):
        from dockercri.render.help import command_help
        session.env.stdout.write(command_help(command, session.env.prog))
        return 0
    command, intent, plan = plan_argv(words, session.env.prog)
    return load(COMMANDS[command.name][1])(intent, plan, session) or 0


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
