"""Runners for exec, attach and port-forward, and the attached part of run and start.

Each asks the runtime for a streaming URL (Exec, Attach, PortForward) and
hands it to dockercri.streams, which speaks the Kubernetes streaming protocol.
"""

import json
import os
import threading

from dockercri.errors import AmbiguousName, DockerCLIError, NoSuchObject, RuntimeError_
from dockercri.plan.common import refuse_if_needed
from dockercri.plan.model import Pick

RUNNING = 1
NOT_A_TTY = "the input device is not a TTY"


def _no_such_container(session, name):
    """exec and attach say "Error: No such container" (docker inspects first)."""
    try:
        return session.executor.pick_direct(Pick("container", name))
    except AmbiguousName:
        raise DockerCLIError("Error response from daemon: Multiple IDs found with provided "
                             "prefix: %s" % name, exit_code=1)
    except NoSuchObject:
        raise DockerCLIError("Error: No such container: %s" % name, exit_code=1)


def _daemon(message, exit_code=1):
    return DockerCLIError("Error response from daemon: %s" % message, exit_code=exit_code)


def _status(session, container_id, verbose=False):
    return session.executor.call("RuntimeService.ContainerStatus",
                                 {"container_id": container_id, "verbose": verbose})


def container_config(session, container_id, response=None):
    """The container's CRI config (stdin, stdin_once, tty...), from the runtime's verbose
    status, or failing that from the configuration dockercri recorded at create."""
    from dockercri.render.views import verbose_info

    response = response or _status(session, container_id, verbose=True)
    config = (verbose_info(response) or {}).get("config")
    if isinstance(config, dict) and config:
        return config
    try:
        from dockercri.commands.recreate import CONTAINER_CONFIG_ANNOTATION
        container = session.executor.pick_direct(Pick("container", container_id))
        pod = session.executor.call("RuntimeService.PodSandboxStatus",
                                    {"pod_sandbox_id": container.pod_sandbox_id})
        recorded = dict(pod.status.annotations).get(CONTAINER_CONFIG_ANNOTATION)
        return json.loads(recorded)["container"] if recorded else {}
    except (DockerCLIError, ValueError, KeyError):
        return {}


def _stdin_fd(session):
    from dockercri.streams import pump
    return pump.stdin_fd(session.env.stdin)


class _NotATerminal(DockerCLIError):
    """docker prints this one bare, without "Error: "."""


def _check_tty(stdin_fd, session=None):
    from dockercri.streams import terminal
    if not terminal.is_terminal(stdin_fd):
        if session is not None:
            session.err(NOT_A_TTY)
            raise _NotATerminal("", exit_code=1)
        raise _NotATerminal(NOT_A_TTY, exit_code=1)


def _writers(session):
    from dockercri.streams import pump
    return pump.byte_writer(session.env.stdout), pump.byte_writer(session.env.stderr)


def _detached(session):
    from dockercri.streams import terminal
    session.env.stderr.write(terminal.DETACH_MESSAGE + "\n")
    session.env.stderr.flush()


def _open(url, stdin, stdout, stderr, tty):
    from dockercri.streams import transport
    try:
        return transport.open_session(url, stdin=stdin, stdout=stdout, stderr=stderr, tty=tty)
    except transport.StreamError as error:
        raise DockerCLIError("Error: %s" % error, exit_code=1)


# -- exec ------------------------------------------------------------------------
def run_exec(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.streams import protocol, pump

    name, command = intent.args[0], list(intent.args[1:])
    interactive, tty = bool(intent.opt("interactive")), bool(intent.opt("tty"))
    stdin = _stdin_fd(session) if interactive else None
    container = _no_such_container(session, name)
    if _status(session, container.id).status.state != RUNNING:
        raise _daemon("Container %s is not running" % container.id)
    if interactive and tty:
        _check_tty(stdin, session)
    # With a terminal, stdin is always requested (and, without -i, left silent): containerd
    # 1.6 can lose a terminal exec's output when the exec has no stdin.
    request = {"container_id": container.id, "cmd": command, "tty": tty,
               "stdin": interactive or tty, "stdout": True, "stderr": not tty}
    try:
        url = session.executor.call("RuntimeService.Exec", request).url
    except RuntimeError_ as error:
        raise _daemon(error.message)
    out, err = _writers(session)
    transport = _open(url, stdin=interactive, stdout=True, stderr=not tty, tty=tty)
    result = pump.run(transport, stdin=stdin, stdout=out, stderr=err, tty=tty,
                      detach_keys=interactive and tty)
    if result.detached:
        _detached(session)
        return 0
    outcome = result.outcome
    if outcome.exit_code is not None:
        return outcome.exit_code
    if outcome.failed_to_start:
        # docker prints the runtime's message on stdout, with the \r\n of its terminal code.
        out((protocol.docker_exec_failure(outcome.message) + "\r\n").encode())
        return protocol.EXEC_START_FAILED
    if result.stdin_ended:
        return 0
    raise DockerCLIError("Error: %s" % outcome.message, exit_code=protocol.EXEC_START_FAILED
                         if outcome.message and "stream ended" not in outcome.message else 1)


# -- attach ----------------------------------------------------------------------
def run_attach(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.commands.lifecycle import wait_exit
    from dockercri.streams import pump

    container = _no_such_container(session, intent.args[0])
    response = _status(session, container.id, verbose=True)
    if response.status.state != RUNNING:
        raise _daemon("You cannot attach to a stopped container, start it first")
    config = container_config(session, container.id, response)
    tty = bool(config.get("tty"))
    attach_stdin = bool(config.get("stdin")) and not intent.opt("no_stdin")
    stdin = _stdin_fd(session) if attach_stdin else None
    if attach_stdin and tty:
        _check_tty(stdin, session)
    try:
        url = session.executor.call("RuntimeService.Attach", {
            "container_id": container.id, "stdin": attach_stdin, "tty": tty,
            "stdout": True, "stderr": not tty}).url
    except RuntimeError_ as error:
        raise _daemon(error.message)
    out, err = _writers(session)
    transport = _open(url, stdin=attach_stdin, stdout=True, stderr=not tty, tty=tty)
    result = pump.run(transport, stdin=stdin, stdout=out, stderr=err, tty=tty,
                      detach_keys=attach_stdin and tty, redraw=True)
    if result.detached:
        _detached(session)
        return 0
    if result.outcome.exit_code is None and not result.stdin_ended:
        state = _status(session, container.id).status.state
        if state == RUNNING:
            raise DockerCLIError("Error: the attach stream ended: %s" % result.outcome.message,
                                 exit_code=1)
    return wait_exit(session, container.id, interval=0.05)


# -- run -i/-t/-a and start -a/-i --------------------------------------------------
class _Discard:
    def write(self, data):
        return len(data)

    def flush(self):
        pass


def check_attach(session, intent):
    """Before anything is made: docker's refusal of -it without a terminal on stdin."""
    if intent.opt("tty") and intent.opt("interactive") and not intent.opt("detach"):
        _check_tty(_stdin_fd(session), session)


def foreground(session, container_id, tty, attach_stdin, streams=("stdout", "stderr"),
               from_start=True):
    """Stay with a started container until it exits; returns its exit code, or None when
    the user detached (ctrl-p ctrl-q) and left it running.

    With a terminal and stdin: an Attach session (raw mode, resizes, detach keys);
    the first resize makes line-editing shells redraw the prompt they printed before
    the attach. Otherwise the output comes from the container's log file, which holds
    everything from its start (an attach made after StartContainer would miss the first
    output), and stdin, when attached, goes over an Attach stream of stdin alone, closed
    at the end of stdin (the runtime then closes the container's stdin, as stdin_once asks).
    """
    from dockercri.commands.lifecycle import wait_exit
    from dockercri.streams import pump

    stdin = _stdin_fd(session) if attach_stdin else None
    if tty and attach_stdin:
        try:
            url = session.executor.call("RuntimeService.Attach", {
                "container_id": container_id, "stdin": True, "tty": True,
                "stdout": "stdout" in streams, "stderr": False}).url
        except RuntimeError_:
            url = None  # it has exited already: its log holds the output
        if url is not None:
            out, _ = _writers(session)
            transport = _open(url, stdin=True, stdout="stdout" in streams, stderr=False,
                              tty=True)
            # What the container wrote before the attach took effect is only in its log:
            # print that first, then the attach's output less any overlap with it.
            merged = _LogThenAttach(lambda: _log_so_far(session, container_id)
                                    if from_start else b"", out)
            try:
                result = pump.run(transport, stdin=stdin, stdout=merged, tty=True,
                                  detach_keys=True, redraw=True)
            finally:
                merged.finish()
            if result.detached:
                _detached(session)
                return None
            return wait_exit(session, container_id, interval=0.05)
    feeder = None
    if attach_stdin:
        feeder = _StdinFeeder(session, container_id, stdin)
        feeder.start()
    try:
        return _follow_log(session, container_id, streams, from_start)
    finally:
        if feeder is not None:
            feeder.stop()


def _log_so_far(session, container_id):
    """A terminal container's output recorded in its log so far, as the terminal wrote
    it (complete lines only: the runtime logs a line when it ends, without its \\r\\n)."""
    from dockercri.logs import parse_records

    try:
        with open(_status(session, container_id).status.log_path, "rb") as handle:
            data = handle.read()
    except OSError:
        return b""
    if not data.endswith(b"\n"):
        data = data[:data.rfind(b"\n") + 1]
    return b"".join(record.content + (b"" if record.partial else b"\r\n")
                    for record in parse_records(data))


class _LogThenAttach:
    """The output of a terminal session attached after StartContainer, without a gap.

    The runtime sends the attach only what the container writes once the attach is in
    place; its log has everything, but only in whole lines. So the log is read when the
    first attach output arrives (the attach is in place by then) or after a short quiet
    time, and printed; attach output follows, less its beginning where that repeats
    the end of the log (written while both were being read). Only output arriving
    within a moment of the log's printing is compared, so later keystrokes' echoes are
    never taken for repeats.
    """

    QUIET = 0.3
    WINDOW = 0.5
    LIMIT = 64 * 1024
    MIN_OVERLAP = 4

    def __init__(self, read_log, write):
        import time
        self._time = time.monotonic
        self.read_log = read_log
        self.write = write
        self.lock = threading.Lock()
        self.log = None
        self.deadline = 0.0
        self.pending = b""
        self.deciding = True
        self.timer = threading.Timer(self.QUIET, self._quiet)
        self.timer.daemon = True
        self.timer.start()

    def _print_log(self):
        if self.log is None:
            self.log = self.read_log() or b""
            if self.log:
                self.write(self.log)
            self.log = self.log[-self.LIMIT:]
            self.deadline = self._time() + self.WINDOW

    def _quiet(self):
        with self.lock:
            self._print_log()

    def __call__(self, data):
        with self.lock:
            self._print_log()
            if not self.deciding:
                self.write(data)
                return
            if not self.pending and self._time() > self.deadline:
                self._release(data)
                return
            self.pending += data
            self._decide(final=False)

    def _decide(self, final):
        log, pending = self.log, self.pending
        if not log:
            return self._release(pending)
        if len(pending) < self.MIN_OVERLAP:
            return self._release(pending) if final else None
        probe = pending[:self.MIN_OVERLAP]
        start = log.find(probe)
        while 0 <= start <= len(log) - self.MIN_OVERLAP:
            tail = log[start:]
            if len(pending) >= len(tail):
                if pending.startswith(tail):
                    return self._release(pending[len(tail):])
            elif tail.startswith(pending):
                # all of it may repeat the log: wait for more (at the end: it did)
                return self._release(b"") if final else None
            start = log.find(probe, start + 1)
        return self._release(pending)

    def _release(self, data):
        self.deciding, self.pending = False, b""
        if data:
            self.write(data)

    def finish(self):
        self.timer.cancel()
        with self.lock:
            self._print_log()  # nothing came over the attach: the log has it all
            if self.deciding and self.pending:
                self._decide(final=True)
            self.deciding = False


def _follow_log(session, container_id, streams, from_start):
    from dockercri.commands.lifecycle import wait_exit
    from dockercri.logs import LogOptions, write_logs

    def state():
        return _status(session, container_id).status

    current = state()
    session.env.stdout.flush()
    out = session.env.stdout_bytes if "stdout" in streams else _Discard()
    err = session.env.stderr_bytes if "stderr" in streams else _Discard()
    try:
        write_logs(current.log_path, LogOptions(follow=True, tail=None if from_start else 0),
                   out, err, is_running=lambda: state().state in (0, RUNNING),
                   poll_interval=0.05)
    except FileNotFoundError:
        pass
    return wait_exit(session, container_id, interval=0.05)


class _StdinFeeder:
    """stdin → an Attach stream of stdin alone, in a thread; the end of stdin closes it."""

    def __init__(self, session, container_id, fd):
        self.session = session
        self.container_id = container_id
        self.fd = fd
        self.transport = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dockercri-stdin", daemon=True)

    def start(self):
        from dockercri.streams import transport
        try:
            url = self.session.executor.call("RuntimeService.Attach", {
                "container_id": self.container_id, "stdin": True, "tty": False,
                "stdout": False, "stderr": False}).url
            self.transport = transport.WebSocketTransport(url)
        except (RuntimeError_, transport.StreamError):
            return  # it has exited already, or cannot take input: output still follows
        self._thread.start()

    def _run(self):
        import select

        from dockercri.streams import protocol
        try:
            while not self._stopped.is_set():
                if self.fd is None:
                    break
                ready, _, _ = select.select([self.fd], [], [], 0.2)
                if not ready:
                    continue
                data = os.read(self.fd, 256 * 1024)
                if not data:
                    break
                self.transport.send(protocol.STDIN, data)
        except Exception:  # noqa: BLE001 - the container went away: nothing more to feed
            pass
        finally:
            self.transport.close()

    def stop(self):
        self._stopped.set()
        if self.transport is not None:
            self.transport.close()
        if self._thread.is_alive():
            self._thread.join(1.0)


def run_start_attached(intent, plan, session):
    """docker start -a / -i CONTAINER."""
    from dockercri.commands.lifecycle import _find
    from dockercri.commands.recreate import start_container

    if len(intent.args) > 1:
        raise DockerCLIError("Error: you cannot start and attach multiple containers at once",
                             exit_code=1)
    container = _find(session, intent.args[0])
    config = container_config(session, container.id)
    tty = bool(config.get("tty"))
    attach_stdin = bool(intent.opt("interactive")) and bool(config.get("stdin"))
    if tty and attach_stdin:
        _check_tty(_stdin_fd(session), session)
    was_running = _status(session, container.id).status.state == RUNNING
    container_id = start_container(session, container)
    if tty and not attach_stdin and was_running:
        from_start = False
    else:
        from_start = not was_running
    code = foreground(session, container_id, tty=tty, attach_stdin=attach_stdin,
                      from_start=from_start)
    return 0 if code is None else code


# -- port-forward ----------------------------------------------------------------
def run_port_forward(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.plan.streams import parse_port_specs
    from dockercri.streams import portforward

    specs = parse_port_specs(intent.args[1:])
    try:
        pod = session.executor.pick_direct(Pick("pod", intent.args[0]))
    except AmbiguousName as error:
        raise DockerCLIError("Error: %s" % error.message, exit_code=1)
    except NoSuchObject:
        raise DockerCLIError("Error: no pod sandbox found for \"%s\"" % intent.args[0],
                             exit_code=1)

    def url_for(remote_port):
        return session.executor.call("RuntimeService.PortForward", {
            "pod_sandbox_id": pod.id, "port": [remote_port]}).url

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
    return 0
