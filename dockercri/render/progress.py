"""What `pull` shows on a terminal while the runtime pulls.

CRI's PullImage is one blocking call that reports nothing until the image is
there: no layers, no bytes. So the only honest progress is the image being
pulled and the time spent waiting, on one line rewritten in place, which ends
as "Pull complete" or "Pull failed" with the time it took. Off a terminal (a
pipe, a file, a script parsing docker's lines) and with -q nothing is shown,
so docker's output stays exactly as it is.
"""

import threading
import time

# Move to the start of the line and clear it: the line is rewritten in place.
_REWRITE = "\r\x1b[2K"


def shows_progress(stream, quiet=False):
    """Progress only for a person watching: not with -q, not into a pipe or a file."""
    if quiet:
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class PullProgress:
    """`with PullProgress(stream, "busybox:latest"):` around the blocking pull.

    A background thread rewrites the line every `interval` seconds; the pull itself
    runs in the caller's thread (gRPC releases the GIL while it waits).
    """

    def __init__(self, stream, image, clock=time.monotonic, interval=1.0):
        self.stream = stream
        self.image = image
        self.clock = clock
        self.interval = interval
        self.started = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = None

    shown = True

    # -- the line ---------------------------------------------------------------
    def line(self, outcome=None):
        elapsed = self.clock() - self.started
        if outcome is None:
            return "%s: Pulling (%ds)" % (self.image, elapsed)
        return "%s: Pull %s (%.1fs)" % (self.image, outcome, elapsed)

    def _write(self, text, end=""):
        with self._lock:
            self.stream.write(_REWRITE + text + end)
            self.stream.flush()

    def tick(self):
        self._write(self.line())

    def finish(self, ok):
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._write(self.line("complete" if ok else "failed"), "\n")

    # -- the waiting ------------------------------------------------------------
    def start(self):
        self.started = self.clock()
        self.tick()
        self._thread = threading.Thread(target=self._run, name="pull-progress", daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(self.interval):
            self.tick()

    def __enter__(self):
        return self.start()

    def __exit__(self, kind, value, traceback):
        self.finish(ok=kind is None)
        return False


class NoProgress:
    """The same shape for when nothing is shown."""

    shown = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def pull_progress(stream, image, quiet=False):
    return PullProgress(stream, image) if shows_progress(stream, quiet) else NoProgress()


def on_stdout(context, image, quiet=False, first_line=""):
    """`docker pull`'s progress while PullImage waits (a step's `during`); on a terminal,
    as docker does, the wait comes after its "Pulling from" line."""
    progress = pull_progress(context.session.env.stdout, image, quiet)
    if progress.shown and first_line:
        context.session.out(first_line)
    return progress


def on_stderr(context, image):
    """run's implicit pull: docker shows it on stderr."""
    return pull_progress(context.session.env.stderr, image)
