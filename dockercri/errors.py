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


# -- docker's wording for failures of plan steps (the executor calls these by name) --------
def container_lookup(context, error, name):
    """A name that resolves to no container, or to several: the daemon's words."""
    if isinstance(error, AmbiguousName):
        return daemon_error("Multiple IDs found with provided prefix: %s" % name)
    if isinstance(error, NoSuchObject):
        return daemon_error("No such container: %s" % name)
    return error


def kill_lookup(context, error, name):
    found = container_lookup(context, error, name)
    if not found.message.startswith("Error response from daemon: "):
        return found  # the runtime itself failed (unreachable): its own message
    return daemon_error("Cannot kill container: %s: %s" % (name, found.message.split(": ", 1)[1]))


def gone_meanwhile(context, error, name):
    """Removed by someone else between the lookup and the call."""
    if getattr(error, "code", None) == "NOT_FOUND":
        return DockerCLIError("Error: No such container: %s" % name)
    return error


def removed_with_its_pod(context, error, name):
    """A kubelet container gone because this same command removed its pod sandbox (both
    named, as in `rm -f $(docker ps -aq)`): removed, as docker would say."""
    if getattr(error, "code", None) == "NOT_FOUND":
        index = context.step.key[len("rmctr"):]
        pod = getattr(context["find" + index], "pod_sandbox_id", None)
        for key in list(context.results):
            other = context["find" + key[len("rmpod"):]] if key.startswith("rmpod") else None
            if other is not None and other.pod_sandbox_id == pod:
                return None
    return gone_meanwhile(context, error, name)


def tolerate_gone(context, error):
    if getattr(error, "code", None) == "NOT_FOUND":
        return None
    return error


# -- run and create: docker prefixes its own errors with its name and a help hint ------
def run_daemon_error(message, exit_code, run):
    """The daemon's refusal as `docker run` (its name, the message, and for 125 the help
    hint; 126/127 have none) or `docker create` print it."""
    text = "Error response from daemon: %s" % message
    if run:
        return ProgramError(text, "run", exit_code=exit_code, hint=exit_code == 125)
    return DockerCLIError(text, exit_code=exit_code)


def run_client_error(message, run):
    """What docker's client itself refuses (cid file problems), exit 125."""
    if run:
        return ProgramError(message, "run")
    return DockerCLIError("Error: %s" % message, exit_code=125)


def start_exit_code(message):
    """docker: 127 when the command is not found, 126 when it cannot be invoked."""
    lowered = message.lower()
    # Only the command's own exec error: a missing shim socket or mount source is not 127.
    if "executable file not found" in lowered or (
            "no such file or directory" in lowered and 'exec: "' in lowered):
        return 127
    if "permission denied" in lowered or "exec format error" in lowered:
        return 126
    return 125


def exec_lookup(context, error, name):
    """exec and attach say "Error: No such container" (docker inspects first)."""
    if isinstance(error, AmbiguousName):
        return daemon_error("Multiple IDs found with provided prefix: %s" % name)
    if isinstance(error, NoSuchObject):
        return DockerCLIError("Error: No such container: %s" % name, exit_code=1)
    return error


def pod_lookup(context, error, name):
    if isinstance(error, AmbiguousName):
        return DockerCLIError("Error: %s" % error.message, exit_code=1)
    if isinstance(error, NoSuchObject):
        return DockerCLIError('Error: no pod sandbox found for "%s"' % name, exit_code=1)
    return error


def daemon_says(context, error):
    """A runtime refusal, in the daemon's words."""
    if isinstance(error, RuntimeError_):
        return daemon_error(error.message)
    return error


def tolerate_any(context, error):
    """A failure that only means "not now" (e.g. Attach to a container that has already
    exited: its log holds the output)."""
    if isinstance(error, RuntimeError_):
        return None
    return error


def no_replacement(context, error, name):
    """restart of a kubelet container whose replacement did not come in time."""
    if type(error).__name__ == "WaitTimeout":
        return daemon_error("%s was stopped, but the kubelet ran no replacement within %gs "
                            "(CRI cannot start a kubelet's container again): see the "
                            "kubelet's log" % (name, context.step.timeout))
    return error
