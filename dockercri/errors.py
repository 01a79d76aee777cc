"""Errors that reach the user, each carrying docker's wording and exit status.

Every layer raises these; only the CLI's top level prints them, so the wording
and exit codes live in one place and tests can assert on them without a shell.
"""


class DockerCLIError(Exception):
    """A failure that docker reports with a message and an exit status."""

    exit_code = 1
    prefix = "Error: "  # what docker's CLI puts before a message it did not get whole

    def __init__(self, message, exit_code=None):
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def text(self, prog):
        """What is printed, the program named `prog` as it was called."""
        text = self.message
        if text and not text.startswith(("Error", "\"")) and "\n" not in text:
            text = self.prefix + text
        return text


def see_help(prog, command_path="", dot="."):
    """docker's hint after an error of its own: "See 'docker run --help'."."""
    return "See '%s --help'%s" % (("%s %s" % (prog, command_path)).strip(), dot)


class ProgramError(DockerCLIError):
    """An error docker's CLI reports in its own name: "docker: MESSAGE." and, unless told
    otherwise, the help hint of the command. The name is the program's as it was called
    (`dockercri` or `docker`), filled in when printed, so no message hard-codes it."""

    exit_code = 125

    def __init__(self, message, command_path="", exit_code=None, hint=True, hint_dot="."):
        super().__init__(message, exit_code)
        self.command_path = command_path
        self.hint = hint
        self.hint_dot = hint_dot  # docker's hint for an unknown command has no final dot

    def text(self, prog):
        text = "%s: %s." % (prog, self.message.rstrip("."))
        if self.hint:
            text += "\n" + see_help(prog, self.command_path, self.hint_dot)
        return text


class PlainError(DockerCLIError):
    """A message docker prints as it is, with no "Error: " before it."""

    prefix = ""


class UsageError(DockerCLIError):
    """Bad flags or arguments: docker prints the message, a help hint, and exits 125."""

    exit_code = 125

    def __init__(self, message, command_path="docker"):
        super().__init__(message)
        self.command_path = command_path


class NoSuchObject(DockerCLIError):
    """docker's "No such container/image/object" (exit 1)."""

    def __init__(self, kind, name):
        super().__init__("No such %s: %s" % (kind, name))
        self.kind = kind
        self.name = name


class AmbiguousName(DockerCLIError):
    """An id prefix that matches several objects: never guess."""

    def __init__(self, kind, name, matches):
        super().__init__(
            "multiple IDs found with provided prefix: %s" % name
            if kind != "pod" else "multiple pod sandboxes match prefix: %s" % name)
        self.matches = matches


class RuntimeUnavailable(DockerCLIError):
    """No CRI runtime answered on any endpoint tried (docker prints this without "Error: ")."""

    prefix = ""


class RuntimeError_(DockerCLIError):
    """The runtime refused a call; docker calls these "Error response from daemon"."""

    def __init__(self, message, code=None, exit_code=None):
        super().__init__(message, exit_code)
        self.code = code


class Unsupported(DockerCLIError):
    """A docker feature CRI cannot express; the message says why and what to do."""

    exit_code = 125


def daemon_error(text, exit_code=1):
    """docker's wording for what its daemon refused: "Error response from daemon: ..."."""
    return DockerCLIError("Error response from daemon: " + text, exit_code=exit_code)
