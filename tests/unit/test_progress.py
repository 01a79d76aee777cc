"""pull's progress line: on a terminal only, rewritten in place, ending done or failed."""

import io
import threading

import pytest

from dockercri.render.progress import PullProgress, pull_progress, shows_progress


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def lines_of(stream):
    """What a terminal shows: each "\\r\\x1b[2K" clears the line, "\\n" keeps it."""
    shown, current = [], ""
    for part in stream.getvalue().split("\n"):
        current = part.split("\r\x1b[2K")[-1]
        shown.append(current)
    return shown


def test_only_a_terminal_without_quiet_shows_progress():
    assert shows_progress(FakeTTY())
    assert not shows_progress(FakeTTY(), quiet=True)
    assert not shows_progress(io.StringIO())

    class Closed(io.StringIO):
        def isatty(self):
            raise ValueError("I/O operation on closed file")
    assert not shows_progress(Closed())
    assert not pull_progress(io.StringIO(), "busybox:latest").shown
    assert pull_progress(FakeTTY(), "busybox:latest").shown


def test_the_line_names_the_image_and_the_time_waited():
    out, clock = FakeTTY(), Clock()
    progress = PullProgress(out, "busybox:latest", clock=clock, interval=3600)
    with progress:
        assert lines_of(out) == ["busybox:latest: Pulling (0s)"]
        clock.now += 2.4
        progress.tick()
        assert lines_of(out) == ["busybox:latest: Pulling (2s)"]
        clock.now += 1.0
    assert lines_of(out) == ["busybox:latest: Pull complete (3.4s)", ""]


def test_a_failed_pull_says_so_and_the_error_goes_on():
    out, clock = FakeTTY(), Clock()
    with pytest.raises(RuntimeError):
        with PullProgress(out, "nosuch:latest", clock=clock, interval=3600):
            clock.now += 0.25
            raise RuntimeError("not found")
    assert lines_of(out) == ["nosuch:latest: Pull failed (0.2s)", ""]


def test_the_line_is_rewritten_while_the_caller_waits():
    ticked = threading.Event()

    class Watched(FakeTTY):
        writes = 0

        def write(self, text):
            Watched.writes += 1
            if Watched.writes >= 3:  # the first line and two rewrites by the thread
                ticked.set()
            return super().write(text)

    out = Watched()
    with PullProgress(out, "busybox:latest", interval=0.01):
        assert ticked.wait(5), "the progress line was never rewritten"
    assert out.getvalue().count("busybox:latest: Pulling (") >= 3
    assert lines_of(out)[-2].startswith("busybox:latest: Pull complete (")
