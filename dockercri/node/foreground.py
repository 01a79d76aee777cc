"""Staying with a started container on the node: its terminal session, or its log file
followed as it grows, with stdin fed over an Attach stream of its own.

The runtime calls these make while they run (the container's state, polled) are the
plan's on-demand steps, made through the context.
"""

import os
import threading

from dockercri.errors import DockerCLIError

RUNNING = 1


def _stdin_fd(session):
    from dockercri.streams import pump
    return pump.stdin_fd(session.env.stdin)


def _writers(session):
    from dockercri.streams import pump
    return pump.byte_writer(session.env.stdout), pump.byte_writer(session.env.stderr)


def detached_message(session):
    from dockercri.streams import terminal
    session.env.stderr.write(terminal.DETACH_MESSAGE + "\n")
    session.env.stderr.flush()


def open_stream(url, stdin, stdout, stderr, tty):
    from dockercri.streams import transport
    try:
        return transport.open_session(url, stdin=stdin, stdout=stdout, stderr=stderr, tty=tty)
    except transport.StreamError as error:
        raise DockerCLIError("Error: %s" % error, exit_code=1)


class Discard:
    def write(self, data):
        return len(data)

    def flush(self):
        pass


def terminal(context, request):
    """The Attach session of a container with a terminal; "detached" after ctrl-p ctrl-q."""
    from dockercri.streams import pump
    session = context.session
    streams = request["streams"]
    out, _ = _writers(session)
    transport = open_stream(context["attach"].url, stdin=True, stdout="stdout" in streams,
                            stderr=False, tty=True)
    log_path = context["logstatus"].status.log_path
    # What the container wrote before the attach took effect is only in its log:
    # print that first, then the attach's output less any overlap with it.
    merged = LogThenAttach(lambda: log_so_far(log_path) if request["from_start"] else b"", out)
    try:
        result = pump.run(transport, stdin=_stdin_fd(session), stdout=merged, tty=True,
                          detach_keys=True, redraw=True)
    finally:
        merged.finish()
    if result.detached:
        detached_message(session)
        return "detached"
    return None


def follow(context, request):
    """The container's output from its log file until it stops; stdin (with -i) over the
    Attach stream of stdin alone."""
    from dockercri.logs import LogOptions, write_logs
    session = context.session
    streams = request["streams"]
    feeder = None
    proxy = SignalProxy(context["logstatus"]) if request.get("sig_proxy") else None
    if request["stdin"] and context["attach"] is not None:
        feeder = StdinFeeder(context["attach"].url, _stdin_fd(session))
        feeder.start()
    if proxy is not None:
        proxy.install()
    try:
        session.env.stdout.flush()
        out = session.env.stdout_bytes if "stdout" in streams else Discard()
        err = session.env.stderr_bytes if "stderr" in streams else Discard()
        try:
            write_logs(context["logstatus"].status.log_path,
                       LogOptions(follow=True, tail=None if request["from_start"] else 0),
                       out, err,
                       is_running=lambda: context.call("state").status.state in (0, RUNNING),
                       poll_interval=0.05)
        except FileNotFoundError:
            pass
    finally:
        if proxy is not None:
            proxy.restore()
        if feeder is not None:
            feeder.stop()
    if context.call("state").status.state in (0, RUNNING):
        # The reader ends early only when interrupted (it holds Ctrl-C to end cleanly):
        # the container still runs.
        raise KeyboardInterrupt
    return None


class SignalProxy:
    """docker's --sig-proxy: SIGINT, SIGTERM and SIGHUP sent to dockercri while it follows a
    container go to the container's main process, found on the node by its pid."""

    SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self, status):
        from dockercri.verbose import verbose_info
        self.pid = int((verbose_info(status) or {}).get("pid") or 0)
        self._previous = {}

    def _forward(self, signum, frame):
        try:
            os.kill(self.pid, signum)
        except OSError:
            pass  # it has just exited: following ends by itself

    def install(self):
        import signal
        if self.pid <= 0:
            return  # the runtime does not say: signals act on dockercri as without the proxy
        for name in self.SIGNALS:
            number = getattr(signal, name)
            self._previous[number] = signal.signal(number, self._forward)

    def restore(self):
        import signal
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._previous.clear()


def log_so_far(log_path):
    """A terminal container's output recorded in its log so far, as the terminal wrote
    it (complete lines only: the runtime logs a line when it ends, without its \\r\\n)."""
    from dockercri.logs import parse_records

    try:
        with open(log_path, "rb") as handle:
            data = handle.read()
    except OSError:
        return b""
    if not data.endswith(b"\n"):
        data = data[:data.rfind(b"\n") + 1]
    return b"".join(record.content + (b"" if record.partial else b"\r\n")
                    for record in parse_records(data))


class LogThenAttach:
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


class StdinFeeder:
    """stdin → an Attach stream of stdin alone, in a thread; the end of stdin closes it."""

    def __init__(self, url, fd):
        self.url = url
        self.fd = fd
        self.transport = None
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dockercri-stdin", daemon=True)

    def start(self):
        from dockercri.streams import transport
        try:
            self.transport = transport.WebSocketTransport(self.url)
        except transport.StreamError:
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
