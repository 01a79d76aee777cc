"""Which files hold commands, and where in each the shell text is.

Shell scripts (by shebang or extension) are shell throughout; systemd units hold
it in `ExecStart=` and friends, crontabs after the schedule, YAML playbooks and
manifests under `shell:`, `command:` and `args:` (Ansible strings, Kubernetes
exec-form lists). Each source yields (line offset, shell text) pieces.
"""

import os
import re
import shlex

MAX_FILE = 1 << 20  # larger files are not scripts
SHELL_EXTENSIONS = (".sh", ".bash", ".ksh", ".zsh", ".dash")
UNIT_EXTENSIONS = (".service", ".socket", ".mount", ".path", ".timer")
YAML_EXTENSIONS = (".yml", ".yaml")
YAML_KEYS = ("shell", "command", "args", "cmd", "argv", "raw",
             "ansible.builtin.shell", "ansible.builtin.command", "ansible.builtin.raw")
_SHEBANG = re.compile(r"#!\s*\S*?(?:/|\benv\s+)(?:ba|da|k|z|a)?sh\b")
_EXEC = re.compile(r"\s*(Exec(?:Start|StartPre|StartPost|Stop|StopPost|Reload|Condition))\s*="
                   r"\s*(.*)")
_CRON_SCHEDULE = re.compile(r"\s*(@\w+|(?:\S+\s+){4}\S+)\s+(.*)")
_CRON_ENV = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*=")
_SKIP_DIRS = (".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv")


def read_text(path):
    """The file's text, or None when it is binary, huge or unreadable."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE + 1)
    except OSError:
        return None
    if len(data) > MAX_FILE or b"\0" in data[:4096]:
        return None
    return data.decode("utf-8", "replace")


def kind_of(path, text, named):
    """"shell", "unit", "cron", "yaml", or None (not a file the audit reads).

    A file named on the command line that is none of the others is read as shell."""
    base = os.path.basename(path)
    parts = path.replace(os.sep, "/").split("/")
    if base.endswith(YAML_EXTENSIONS):
        return "yaml"
    if base.endswith(UNIT_EXTENSIONS) or "\n[Service]" in "\n" + text:
        return "unit"
    if text.startswith("#!"):
        return "shell" if _SHEBANG.match(text.split("\n", 1)[0]) else None
    if base.endswith(SHELL_EXTENSIONS):
        return "shell"
    if base.startswith("crontab") or base.endswith(".cron") or "cron.d" in parts[:-1] \
            or "cron" in parts[:-1] or "crontabs" in parts[:-1]:
        return "cron"
    return "shell" if named else None


def files(paths):
    """(path, named) for each file to read: named files as given, directories walked."""
    for path in paths:
        if os.path.isdir(path):
            for top, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS
                                 and not os.path.islink(os.path.join(top, d)))
                for name in sorted(names):
                    full = os.path.join(top, name)
                    if os.path.isfile(full):
                        yield full, False
        else:
            yield path, True


def pieces(kind, text, path=""):
    """(line offset, shell text) pieces of a file of the given kind."""
    if kind == "shell":
        return [(0, text)]
    if kind == "unit":
        return list(_unit_pieces(text))
    if kind == "cron":
        return list(_cron_pieces(text, _system_crontab(path)))
    if kind == "yaml":
        return list(_yaml_pieces(text))
    return []


def _joined_lines(text):
    """Lines with backslash continuations joined: (first line index, text)."""
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        start, line = index, lines[index]
        while line.endswith("\\") and index + 1 < len(lines):
            index += 1
            line = line[:-1] + " " + lines[index]
        yield start, line
        index += 1


def _unit_pieces(text):
    for start, line in _joined_lines(text):
        match = _EXEC.match(line)
        if match:
            # systemd's prefixes: - ignore failure, @ argv0, : no env, + ! !! privileges
            command = match.group(2).lstrip("-@:+!")
            yield start, command


def _system_crontab(path):
    """The system crontab (/etc/crontab) and /etc/cron.d/* have a user field after the
    schedule; users' crontabs (/var/spool/cron/crontabs/NAME, crontab -l) do not."""
    parts = path.replace(os.sep, "/").split("/")
    return os.path.basename(path) == "crontab" or "cron.d" in parts[:-1]


def _cron_pieces(text, with_user):
    for index, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or _CRON_ENV.match(line):
            continue
        match = _CRON_SCHEDULE.match(line)
        if not match:
            continue
        command = match.group(2)
        if with_user:
            command = command.split(None, 1)[1] if len(command.split(None, 1)) > 1 else ""
        # An unescaped % ends the command (the rest is its stdin); \% is a %.
        command = re.split(r"(?<!\\)%", command, maxsplit=1)[0].replace("\\%", "%")
        yield index, command


_JINJA_LITERAL = re.compile(r"""\{\{\s*(['"])(\{\{|\}\})\1\s*\}\}""")
_JINJA = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")


def jinja_as_shell(text):
    """Ansible's templating in a command: `{{ '{{' }}` is a literal `{{`, and `{{ item }}`
    is a value known when the play runs, written as the shell variable ${item}."""
    if "{{" not in text:
        return text
    literals = []

    def keep(match):
        literals.append(match.group(2))
        return "\0%d\0" % (len(literals) - 1)
    text = _JINJA_LITERAL.sub(keep, text)
    text = _JINJA.sub(lambda match: "${%s}" % (match.group(1) if re.match(
        r"[A-Za-z_]\w*\Z", match.group(1)) else "ansible_expression"), text)
    return re.sub(r"\0(\d+)\0", lambda match: literals[int(match.group(1))], text)


def _yaml_pieces(text):
    import yaml

    try:
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return
    for document in documents:
        if document is not None:
            # Kubernetes objects (apiVersion and kind) are not templated; playbooks are (Jinja).
            keys = {key.value for key, _ in document.value} \
                if isinstance(document, yaml.MappingNode) else set()
            template = (lambda text: text) if {"apiVersion", "kind"} <= keys else jinja_as_shell
            yield from _yaml_node(document, template)


def _yaml_node(node, template):
    import yaml

    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _yaml_node(item, template)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    argv_nodes = []
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name in YAML_KEYS:
            if isinstance(value, yaml.ScalarNode) and isinstance(value.value, str):
                offset = value.start_mark.line + (1 if value.style in ("|", ">") else 0)
                yield offset, template(value.value)
                continue
            if isinstance(value, yaml.SequenceNode) and all(
                    isinstance(item, yaml.ScalarNode) for item in value.value):
                argv_nodes.append(value)
                continue
        yield from _yaml_node(value, template)
    if argv_nodes:
        # Kubernetes runs command + args as one argv (exec form, no shell).
        words = [template(item.value) for sequence in argv_nodes for item in sequence.value]
        yield argv_nodes[0].start_mark.line, " ".join(shlex.quote(word) for word in words)
