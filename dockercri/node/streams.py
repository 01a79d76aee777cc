"""exec, attach and port-forward sessions: the streams dockercri holds on the node with the
runtime's streaming server, once the plan's CRI call has returned their URL."""

import json

from dockercri.errors import DockerCLIError, daemon_error

RUNNING = 1
NOT_A_TTY = "the input device is not a TTY"


class NotATerminal(DockerCLIError):
    """docker prints this one bare, without "Error: "."""


def _stdin_fd(session):
    from dockercri.streams import pump
    return pump.stdin_fd(session.env.stdin)


def check_terminal(session):
    from dockercri.streams import terminal
    if not terminal.is_terminal(_stdin_fd(session)):
        session.err(NOT_A_TTY)
        raise NotATerminal("", exit_code=1)


def require_running(context, request, message):
    status = context["status"].status
    if status.state != RUNNING:
        raise daemon_error(message % status.id if "%s" in message else message)


def require_terminal(context, request):
    check_terminal(context.session)


def verbose_config(response):
    from dockercri.verbose import verbose_info
    config = (verbose_info(response) or {}).get("config")
    return config if isinstance(config, dict) and config else {}


def container_config(context):
    """The container's CRI config, from the runtime's verbose status, or failing that from
    the configuration dockercri recorded at create."""
    config = verbose_config(context["status"])
    if config or context["recorded"] is None:
        return config
    from dockercri.labels import CONTAINER_CONFIG_ANNOTATION
    recorded = dict(context["recorded"].status.annotations).get(CONTAINER_CONFIG_ANNOTATION)
    try:
        return json.loads(recorded)["container"] if recorded else {}
    except (ValueError, KeyError):
        return {}


def attach_options(context, request):
    config = container_config(context)
    tty = bool(config.get("tty"))
    stdin = bool(config.get("stdin")) and not request["no_stdin"] and request["interactive"]
    if stdin and tty:
        check_terminal(context.session)
    return {"tty": tty, "stdin": stdin, "stderr": not tty}


def _result_of(session, result, exec_failure=False):
    from dockercri.node.foreground import _writers, detached_message
    from dockercri.streams import protocol
    if result.detached:
        detached_message(session)
        return "detached"
    outcome = result.outcome
    if outcome.exit_code is not None:
        return outcome.exit_code
    if exec_failure and outcome.failed_to_start:
        # docker prints the runtime's message on stdout, with the \r\n of its terminal code.
        out, _ = _writers(session)
        out((protocol.docker_exec_failure(outcome.message) + "\r\n").encode())
        helpers = exec_failure if isinstance(exec_failure, tuple) else ()
        missing = [helper for helper in helpers if '"%s"' % helper in outcome.message]
        if missing:
            session.err("%s: exec -e/-w run the command through `%s` in the container (CRI's "
                        "Exec carries neither environment nor working directory), and this "
                        "image has no %s" % (session.env.prog, missing[0], missing[0]))
        return protocol.EXEC_START_FAILED
    return None


def exec_session(context, request):
    """The Exec stream until the process ends; its exit code, or "detached"."""
    from dockercri.node.foreground import _writers, open_stream
    from dockercri.streams import protocol, pump
    session = context.session
    interactive, tty = request["stdin"], request["tty"]
    stdin = _stdin_fd(session) if interactive else None
    out, err = _writers(session)
    transport = open_stream(context["exec"].url, stdin=interactive, stdout=True,
                            stderr=not tty, tty=tty)
    result = pump.run(transport, stdin=stdin, stdout=out, stderr=err, tty=tty,
                      detach_keys=interactive and tty)
    code = _result_of(session, result, exec_failure=tuple(request["helpers"]) or True)
    if code is not None:
        return code
    if result.stdin_ended:
        return 0
    message = result.outcome.message
    raise DockerCLIError("Error: %s" % message, exit_code=protocol.EXEC_START_FAILED
                         if message and "stream ended" not in message else 1)


def attach_session(context, request):
    """The Attach stream until it ends; "detached" after ctrl-p ctrl-q."""
    from dockercri.node.foreground import _writers, open_stream
    from dockercri.streams import pump
    session = context.session
    options = context["options"]
    tty, attach_stdin = options["tty"], options["stdin"]
    out, err = _writers(session)
    transport = open_stream(context["attach"].url, stdin=attach_stdin, stdout=True,
                            stderr=not tty, tty=tty)
    result = pump.run(transport, stdin=_stdin_fd(session) if attach_stdin else None,
                      stdout=out, stderr=err, tty=tty, detach_keys=attach_stdin and tty,
                      redraw=True)
    if result.detached:
        return _result_of(session, result)
    if result.outcome.exit_code is None and not result.stdin_ended:
        if context.call("state").status.state == RUNNING:
            raise DockerCLIError("Error: the attach stream ended: %s" % result.outcome.message,
                                 exit_code=1)
    return None


def forward_ports(context, request):
    """Listen and forward until Ctrl-C; each connection asks the plan's on-demand
    PortForward step for a URL of its own."""
    from dockercri.streams import portforward
    session = context.session
    specs = [tuple(spec) for spec in request["ports"]]

    def url_for(remote_port):
        return context.call("forward", item=remote_port).url

    def log(text):
        session.out(text)
        session.env.stdout.flush()

    def warn(text):
        session.err(text)
        session.env.stderr.flush()

    try:
        forwarder = portforward.Forwarder(url_for, specs, log=log, warn=warn)
    except OSError as error:
        raise DockerCLIError("Error: unable to listen on port: %s" % error, exit_code=1)
    try:
        forwarder.serve()
    except KeyboardInterrupt:
        pass
    finally:
        forwarder.close()
