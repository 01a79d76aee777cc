"""docker logs --follow over CRI log files: growth, rotation, truncation, ending."""

import os
import threading
import time

import pytest

from dockercri.logs import LogOptions, stream_logs, write_logs

T0 = 1795728135 * 10 ** 9  # 2026-11-26T21:22:15Z


def rec(i, stream=b"stdout", tag=b"F", content=None, ns=None):
    if ns is None:
        ns = T0 + i * 1000
    sec, frac = divmod(ns, 10 ** 9)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)).encode() + b".%09dZ" % frac
    if content is None:
        content = b"line %d" % i
    return b"%s %s %s %s\n" % (stamp, stream, tag, content)


class Sink:
    """A binary writer that other threads can wait on."""

    def __init__(self):
        self._buf = bytearray()
        self._cond = threading.Condition()
        self.flushes = 0

    def write(self, b):
        with self._cond:
            self._buf += b
            self._cond.notify_all()
        return len(b)

    def flush(self):
        self.flushes += 1

    def value(self):
        with self._cond:
            return bytes(self._buf)

    def wait_for(self, needle, timeout=5.0):
        deadline = time.monotonic() + timeout
        with self._cond:
            while needle not in self._buf:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("timed out waiting for %r; have %r"
                                         % (needle, bytes(self._buf)))
                self._cond.wait(left)


class Follow:
    """Runs a follow in a thread while the test writes the log."""

    def __init__(self, path, opts=None, **kw):
        self.out, self.err = Sink(), Sink()
        self.running = threading.Event()
        self.running.set()
        self.stop = threading.Event()
        self.error = None
        opts = opts or LogOptions(follow=True)

        def target():
            try:
                stream_logs(path, opts, self.out, self.err, is_running=self.running.is_set,
                            stop=self.stop, poll_interval=0.005, check_interval=0.01, **kw)
            except BaseException as e:  # reported by join()
                self.error = e

        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()

    def join(self, timeout=5.0):
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "follow did not end"
        if self.error is not None:
            raise self.error


def append(path, data):
    with open(path, "ab") as f:
        f.write(data)


def test_follow_prints_new_lines_and_ends_when_not_running(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, rec(0) + rec(1, b"stderr"))
    fol = Follow(p)
    fol.out.wait_for(b"line 0\n")
    fol.err.wait_for(b"line 1\n")
    append(p, rec(2) + rec(3, tag=b"P", content=b"half-"))
    fol.out.wait_for(b"line 2\n")
    time.sleep(0.05)
    assert b"half" not in fol.out.value()  # an open partial line waits for its end
    append(p, rec(4, tag=b"F", content=b"whole"))
    fol.out.wait_for(b"half-whole\n")
    append(p, b"2026-11-26T21:22:16Z stdout F unfin")  # no newline yet
    time.sleep(0.05)
    assert b"unfin" not in fol.out.value()
    append(p, b"ished\n" + rec(6))
    fol.out.wait_for(b"line 6\n")
    assert fol.thread.is_alive()
    append(p, rec(7))
    fol.running.clear()
    fol.join()
    assert fol.out.value() == b"line 0\nline 2\nhalf-whole\nunfinished\nline 6\nline 7\n"
    assert fol.err.value() == b"line 1\n"
    assert fol.out.flushes > 0


def test_follow_not_running_drains_and_returns(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, rec(0) + rec(1, tag=b"P", content=b"open") + b"2026-11-26T21:22:16Z stderr F last")
    out, err = Sink(), Sink()
    write_logs(p, LogOptions(follow=True), out, err, is_running=lambda: False, poll_interval=0.01)
    assert out.value() == b"line 0\nopen\n"
    assert err.value() == b"last\n"


def test_follow_across_rotation(tmp_path):
    p = str(tmp_path / "0.log")
    old = open(p, "ab", buffering=0)
    old.write(rec(0) + rec(1))
    fol = Follow(p)
    fol.out.wait_for(b"line 1\n")
    rotated = p + ".20261126-212215"
    os.rename(p, rotated)
    # The runtime may still write to the old file until it reopens.
    old.write(rec(2) + rec(3, tag=b"P", content=b"split-"))
    time.sleep(0.05)
    old.write(rec(4, content=b"across-files"))
    old.close()
    with open(p, "ab") as new:
        new.write(rec(5) + rec(6, b"stderr"))
    fol.out.wait_for(b"line 5\n")
    fol.err.wait_for(b"line 6\n")
    # A second rotation, the new file created at once, a line split over both.
    append(p, rec(7, tag=b"P", content=b"from-old-"))
    os.rename(p, p + ".20261126-212300")
    append(p, rec(8, content=b"to-new") + rec(9))
    fol.out.wait_for(b"line 9\n")
    fol.running.clear()
    fol.join()
    assert fol.out.value() == (b"line 0\nline 1\nline 2\nsplit-across-files\nline 5\n"
                               b"from-old-to-new\nline 9\n")
    assert fol.err.value() == b"line 6\n"


def test_follow_after_truncation(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, b"".join(rec(i) for i in range(5)))
    fol = Follow(p)
    fol.out.wait_for(b"line 4\n")
    with open(p, "r+b") as f:  # copytruncate
        f.truncate(0)
    time.sleep(0.05)
    append(p, rec(10) + rec(11))
    fol.out.wait_for(b"line 11\n")
    fol.running.clear()
    fol.join()
    assert fol.out.value() == b"".join(b"line %d\n" % i for i in (0, 1, 2, 3, 4, 10, 11))


def test_follow_stop_event(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, rec(0))
    fol = Follow(p)
    fol.out.wait_for(b"line 0\n")
    fol.stop.set()
    fol.join()
    assert fol.running.is_set()
    assert fol.out.value() == b"line 0\n"


def test_follow_with_tail(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, b"".join(rec(i) for i in range(10)) + rec(10, tag=b"P", content=b"open-"))
    fol = Follow(p, LogOptions(follow=True, tail=2))
    fol.out.wait_for(b"line 9\n")
    append(p, rec(11, content=b"closed") + rec(12))
    fol.out.wait_for(b"line 12\n")
    fol.running.clear()
    fol.join()
    assert fol.out.value() == b"line 9\nopen-closed\nline 12\n"


def test_follow_tail_zero_hides_open_line(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, b"".join(rec(i) for i in range(3)) + rec(3, tag=b"P", content=b"old-"))
    fol = Follow(p, LogOptions(follow=True, tail=0))
    time.sleep(0.05)
    append(p, rec(4, content=b"rest") + rec(5))
    fol.out.wait_for(b"line 5\n")
    fol.running.clear()
    fol.join()
    assert fol.out.value() == b"line 5\n"


def test_follow_until_ends_on_later_record(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, rec(0) + rec(1))
    opts = LogOptions(follow=True, until_ns=T0 + 3000)
    fol = Follow(p, opts, wall_clock=lambda: T0)
    fol.out.wait_for(b"line 1\n")
    append(p, rec(2) + rec(3) + rec(4))
    fol.join()  # ends although the container still runs
    assert fol.out.value() == b"line 0\nline 1\nline 2\n"


def test_follow_until_ends_by_clock(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, rec(0))
    now = [T0]
    opts = LogOptions(follow=True, until_ns=T0 + 10 ** 9)
    fol = Follow(p, opts, wall_clock=lambda: now[0])
    fol.out.wait_for(b"line 0\n")
    append(p, rec(1))
    fol.out.wait_for(b"line 1\n")
    now[0] = T0 + 2 * 10 ** 9
    fol.join()
    assert fol.out.value() == b"line 0\nline 1\n"


def test_is_running_polled_at_most_every_check_interval(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, rec(0))
    clock = [0.0]
    calls = []
    sleeps = []

    def is_running():
        calls.append(clock[0])
        return clock[0] < 3.0

    def sleep(dt):
        sleeps.append(dt)
        clock[0] += dt

    out, err = Sink(), Sink()
    stream_logs(p, LogOptions(follow=True), out, err, is_running=is_running,
                poll_interval=0.05, clock=lambda: clock[0], sleep=sleep)
    assert out.value() == b"line 0\n"
    assert sleeps and all(s == 0.05 for s in sleeps)
    gaps = [b - a for a, b in zip(calls, calls[1:])]
    assert all(g >= 0.25 - 1e-9 for g in gaps)
    assert 10 <= len(calls) <= 14  # about 3 s / 0.25 s
    assert len(sleeps) > 3 * len(calls)


def test_keyboard_interrupt_ends_cleanly(tmp_path):
    p = str(tmp_path / "0.log")
    append(p, rec(0) + rec(1, tag=b"P", content=b"x"))

    def sleep(dt):
        raise KeyboardInterrupt

    out, err = Sink(), Sink()
    stream_logs(p, LogOptions(follow=True), out, err, is_running=lambda: True, sleep=sleep)
    assert out.value() == b"line 0\n"
    assert out.flushes > 0


def test_follow_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_logs(str(tmp_path / "none.log"), LogOptions(follow=True), Sink(), Sink())
