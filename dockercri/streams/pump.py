"""One remote-command session: local stdin, stdout and stderr against a transport.

A reader thread writes what arrives on stdout and stderr as it arrives and
keeps the error channel; the calling (main) thread copies stdin, sends the
terminal's size at the start and after every SIGWINCH, and watches for the
detach keys. Whatever ends the session — the remote side finishing, the end
of stdin, the detach keys, Ctrl-C, SIGTERM/SIGHUP, a lost connection, an
error — the terminal leaves raw mode, the signal handlers are put back and
the connection is closed before `run` returns or raises.
"""

import os
import select
import signal
import threading

from dockercri.streams import protocol, terminal

_READ_SIZE = 256 * 1024


class Result:
    """How a session ended: the status outcome, or detached by the user."""

    def __init__(self, outcome=None, detached=False, stdin_ended=False):
        self.outcome = outcome
        self.detached = detached
        self.stdin_ended = stdin_ended


class _Hangup(Exception):
    """SIGTERM or SIGHUP arrived during the session."""


def byte_writer(stream):
    """A function that writes bytes to a text or binary stream at once (unbuffered)."""
    try:
        stream.flush()
    except (AttributeError, ValueError, OSError):
        pass
    binary = getattr(stream, "buffer", stream)
    fd = None
    try:
        fd = binary.fileno()
    except (AttributeError, ValueError, OSError):
        fd = None
    if fd is not None:
        try:
            binary.flush()
        except (AttributeError, ValueError, OSError):
            pass

        def write_fd(data):
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        return write_fd

    def write_stream(data):
        binary.write(data)
        binary.flush()
    return write_stream


def stdin_fd(stream):
    try:
        return stream.fileno()
    except (AttributeError, ValueError, OSError):
        return None


def _in_main_thread():
    return threading.current_thread() is threading.main_thread()


def run(transport, stdin=None, stdout=None, stderr=None, tty=False, detach_keys=False,
        on_ready=None, redraw=False):
    """Run a session to its end; returns a Result.

    stdin: a file descriptor to copy to the remote process, or None;
    stdout/stderr: functions taking bytes (see byte_writer);
    tty: the session has a terminal: raw mode on stdin (when it is one), resizes;
    detach_keys: look for ctrl-p ctrl-q on stdin;
    redraw: attaching to a terminal already in use: change its size twice (one row more,
    then the real size) so that a program that drew its screen or prompt before the
    attach gets a SIGWINCH and draws it again, as it would not for an unchanged size.
    """
    done = threading.Event()
    status = []
    failure = []
    wake_r, wake_w = os.pipe()

    def reader():
        try:
            while True:
                message = transport.recv()
                if message is None:
                    break
                channel, data = message
                if channel == protocol.STDOUT and stdout is not None:
                    stdout(data)
                elif channel == protocol.STDERR and stderr is not None:
                    stderr(data)
                elif channel == protocol.ERROR:
                    status.append(data)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failure.append(error)
        finally:
            done.set()
            try:
                os.write(wake_w, b"x")
            except OSError:
                pass

    resized = []
    previous = {}

    def on_winch(signum, frame):
        resized.append(True)
        try:
            os.write(wake_w, b"w")
        except OSError:
            pass

    def on_hangup(signum, frame):
        raise _Hangup()

    if _in_main_thread():
        if tty:
            previous[signal.SIGWINCH] = signal.signal(signal.SIGWINCH, on_winch)
        for signum in (signal.SIGTERM, signal.SIGHUP):
            previous[signum] = signal.signal(signum, on_hangup)
    raw = terminal.RawMode(stdin, enabled=tty and stdin is not None)
    thread = threading.Thread(target=reader, name="dockercri-stream-reader", daemon=True)
    result = Result()
    hangup = []
    try:
        with raw:
            size_fd = _size_source(stdin, tty)
            if tty:
                _send_size(transport, size_fd, redraw)
            thread.start()
            if on_ready is not None:
                on_ready()
            result = _pump_stdin(transport, stdin, wake_r, done, resized, size_fd,
                                 terminal.DetachScanner() if detach_keys and tty else None)
            if not result.detached:
                while not done.wait(0.2):
                    pass
    except _Hangup:
        hangup.append(True)
    finally:
        transport.close()
        raw.restore()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if thread.is_alive():
            thread.join(2.0)
        if not thread.is_alive():  # else it may still write to wake_w: leave the pipe open
            os.close(wake_r)
            os.close(wake_w)
    if hangup:
        raise KeyboardInterrupt  # SIGTERM/SIGHUP: the caller's Ctrl-C path (cleanup, 130)
    if failure:
        raise failure[0]
    if not result.detached:
        result.outcome = protocol.parse_status(b"".join(status) if status else None)
    return result


def _size_source(stdin, tty):
    if not tty:
        return None
    for fd in (stdin, 1, 2):
        if fd is not None and terminal.is_terminal(fd):
            return fd
    return None


def _send_size(transport, fd, redraw=False):
    size = terminal.size(fd) if fd is not None else None
    if size is not None:
        try:
            if redraw:
                transport.resize(size[0], size[1] + 1)
            transport.resize(*size)
        except Exception:  # noqa: BLE001 - the session goes on without it
            pass


def _pump_stdin(transport, stdin, wake_r, done, resized, size_fd, scanner):
    """Copy stdin until it ends, the session ends, or the user detaches."""
    watch = [wake_r] + ([stdin] if stdin is not None else [])
    stdin_open = stdin is not None
    while not done.is_set():
        try:
            ready, _, _ = select.select(watch, [], [])
        except InterruptedError:
            continue
        if wake_r in ready:
            os.read(wake_r, 64)
            if resized:
                del resized[:]
                _send_size(transport, size_fd)
            continue
        if not stdin_open or stdin not in ready:
            continue
        try:
            data = os.read(stdin, _READ_SIZE)
        except OSError:
            data = b""
        if not data:
            stdin_open = False
            watch = [wake_r]
            if scanner is not None:
                held = scanner.flush()
                if held:
                    _send_quietly(transport, held)
            transport.close_stdin()
            if not transport.half_close:
                return Result(stdin_ended=True)
            continue
        if scanner is not None:
            data, detached = scanner.feed(data)
            if data:
                _send_quietly(transport, data)
            if detached:
                return Result(detached=True)
            continue
        _send_quietly(transport, data)
    return Result(stdin_ended=not stdin_open)


def _send_quietly(transport, data):
    """A failed send means the session is over; the reader sees the end."""
    try:
        transport.send(protocol.STDIN, data)
    except Exception:  # noqa: BLE001
        pass
