"""docker-style help, generated from the mapping table (usage, summary, flags, and
for each flag CRI cannot honour, a short mark)."""

from dockercri.render.table import format_table

EXTRA = [("explain", "Show what a docker command becomes in CRI calls and crictl commands"),
         ("audit", "Tell which docker calls in scripts, units, crontabs and YAML still work")]


def _flag_line(flag):
    left = "  %s%s" % (flag.short + ", " if flag.short else "    ", flag.name)
    if flag.type != "bool":
        left += " " + (flag.metavar or flag.type)
    text = flag.help
    if flag.status == "unsupported":
        text += " (not available over CRI)"
    return left, text


def command_help(command, prog="docker"):
    usage = command.usage.replace("docker ", prog + " ", 1)
    lines = ["", "Usage:  " + usage, "", command.summary, ""]
    if command.aliases:
        lines += ["Aliases:", "  " + ", ".join([command.name] + list(command.aliases)), ""]
    shown = [flag for flag in command.flags if not flag.hidden]
    if shown:
        lines.append("Options:")
        pairs = [_flag_line(flag) for flag in shown]
        width = max(len(left) for left, _ in pairs) + 3
        lines += [left.ljust(width) + text for left, text in pairs]
    if command.status == "unsupported":
        lines += ["", "Not possible over CRI: %s." % command.reason.rstrip("."),
                  "Instead: %s." % command.workaround.rstrip(".")]
    elif command.status == "emulated":
        lines += ["", "Emulated: %s" % command.note]
    lines += ["", "CRI: %s" % (", ".join(command.rpcs) or "none"),
              "crictl: %s" % (command.crictl or "none"),
              "See '%s explain %s ...' for what each flag becomes." % (prog, command.name)]
    return "\n".join(lines) + "\n"


def main_help(prog="docker"):
    from dockercri import mapping

    rows = []
    for name in mapping.command_names():
        if " " in name:
            continue
        rows.append(["  " + name, mapping.command(name).summary])
    rows += [["  " + name, text] for name, text in EXTRA]
    body = format_table(None, sorted(rows), min_width=0, padding=2)
    return ("\nUsage:  %s [OPTIONS] COMMAND\n\n"
            "A docker-compatible command line for nodes that run a CRI runtime\n\n"
            "Options:\n"
            "  -r, --runtime-endpoint string   CRI runtime endpoint (env CONTAINER_RUNTIME_ENDPOINT)\n"
            "  -i, --image-endpoint string     CRI image endpoint (env IMAGE_SERVICE_ENDPOINT)\n"
            "      --timeout duration          Timeout for connecting to the runtime (default 2s)\n"
            "      --config string             crictl config file (default /etc/crictl.yaml)\n"
            "      --cri-api string            CRI API version: auto, v1 or v1alpha2 (default auto)\n"
            "  -D, --debug                     Show Python tracebacks for unexpected errors\n"
            "  -v, --version                   Print version information and quit\n\n"
            "Commands:\n%s\n"
            "Run '%s COMMAND --help' for more information on a command.\n") % (prog, body, prog)


# docker's management commands: the words that group subcommands, and how docker sums them up
GROUPS = {
    "builder": "Manage builds", "checkpoint": "Manage checkpoints", "config": "Manage Docker configs",
    "container": "Manage containers", "context": "Manage contexts", "engine": "Manage the docker engine",
    "image": "Manage images", "manifest": "Manage Docker image manifests and manifest lists",
    "network": "Manage networks", "node": "Manage Swarm nodes", "plugin": "Manage plugins",
    "secret": "Manage Docker secrets", "service": "Manage services", "stack": "Manage Docker stacks",
    "swarm": "Manage Swarm", "system": "Manage Docker", "trust": "Manage trust on Docker images",
    "trust key": "Manage keys for signing Docker images",
    "trust signer": "Manage entities who can sign Docker images", "volume": "Manage volumes",
}


def group_words(words):
    """The management command the leading words name ("volume", "trust key"), or None."""
    for count in (2, 1):
        name = " ".join(words[:count])
        if len(words) >= count and name in GROUPS:
            return name
    return None


def group_help(group, prog="docker"):
    """What docker prints for `docker volume` alone: the group's subcommands."""
    from dockercri import mapping

    rows = {}
    prefix = group + " "
    for name in mapping.command_names():
        command = mapping.command(name)
        # the name docker lists it under: its own, else its first alias in the group
        words = [word for word in (name,) + command.aliases if word.startswith(prefix)]
        if words:
            sub = words[0][len(prefix):].split(" ")[0]
            nested = " " in words[0][len(prefix):]
            rows.setdefault(sub, GROUPS.get(prefix + sub, "") if nested else command.summary)
    shown = sorted(rows.items())
    body = "\n".join("  %-11s %s" % (sub, text) for sub, text in shown)
    return ("\nUsage:  %s %s COMMAND\n\n%s\n\nCommands:\n%s\n\n"
            "Run '%s %s COMMAND --help' for more information on a command.\n"
            % (prog, group, GROUPS[group], body, prog, group))
