"""Ctrl-C and SIGTERM that cannot cut a runtime call in half.

A signal that arrives while the runtime is making something (a pod, a
container) is held until the call has returned and its result is recorded;
then it is raised as KeyboardInterrupt, and the command's cleanup knows
everything there is to remove. Outside critical sections signals act at once.
"""

import contextlib
import signal


class Interrupts:
    def __init__(self):
        self.depth = 0
        self.pending = None
        self._previous = {}

    def _handler(self, signum, frame):
        if self.depth:
            self.pending = signum
            return
        raise KeyboardInterrupt

    def install(self):
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._handler)
        return self

    def restore(self):
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    @contextlib.contextmanager
    def critical(self):
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
        if not self.depth and self.pending is not None:
            self.pending = None
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def shielded(self):
        """For cleanup: signals are held and then dropped, so a second Ctrl-C cannot
        stop the removal of what the first one interrupted."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            if not self.depth:
                self.pending = None
