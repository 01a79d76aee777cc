"""Following a CRI log as it grows (``docker logs --follow``).

The file is polled: at its end, the follower sleeps ``poll_interval``
seconds and reads again.  On each idle round it also checks

* truncation (copytruncate): the open file is now shorter than the
  offset already read -- reading restarts at offset 0;
* rotation: the path names another file than the one open (the kubelet
  renamed ``0.log`` and the runtime reopened a new one) -- the old file
  is read to its end, then the new one is opened and read from its start.
  While the path does not exist (renamed, not yet recreated) the old file
  keeps being read;
* whether the container still runs, by calling ``is_running()`` at most
  once per ``check_interval`` seconds (0.25 s by default, never more
  often than the poll).  Once it returns False the file is drained and
  following ends;
* ``until``: once the wall clock reaches it, following ends.

A set ``stop`` event or a KeyboardInterrupt ends following without error.
Rotated files (``0.log.<timestamp>``, later gzipped) are not read back:
as with the kubelet, the log shown is that of the current file.
A truncation that refills the file beyond the offset already read between
two polls is not noticed.
"""

import os
import time

__all__ = ["Follower"]


class Follower:
    def __init__(self, reader, path, is_running=lambda: False, stop=None,
                 poll_interval=0.25, until_ns=None, clock=time.monotonic,
                 wall_clock=time.time_ns, sleep=None, check_interval=None):
        self.reader = reader
        self.path = path
        self.is_running = is_running
        self.stop = stop
        self.poll_interval = poll_interval
        self.until_ns = until_ns
        self.clock = clock
        self.wall_clock = wall_clock
        self._sleep = sleep
        if check_interval is None:
            check_interval = max(0.25, poll_interval)
        self.check_interval = check_interval

    def _wait(self):
        if self._sleep is not None:
            self._sleep(self.poll_interval)
        elif self.stop is not None:
            self.stop.wait(self.poll_interval)
        else:
            time.sleep(self.poll_interval)

    def _stopped(self):
        return self.stop is not None and self.stop.is_set()

    def _check_file(self):
        """Handle truncation and rotation; True if reading should resume now."""
        reader = self.reader
        fd = reader.f.fileno()
        st = os.fstat(fd)
        pos = reader.f.tell()
        if st.st_size < pos:
            reader.f.seek(0)
            reader.drop_fragment()
            return True
        try:
            pst = os.stat(self.path)
        except FileNotFoundError:
            return False
        if (pst.st_dev, pst.st_ino) == (st.st_dev, st.st_ino):
            return False
        try:
            new = open(self.path, "rb", buffering=0)
        except FileNotFoundError:
            return False
        reader.read_available()
        reader.finish_fragment()
        reader.switch(new)
        return True

    def run(self):
        """Follow until the container stops, `until` passes or `stop` is set."""
        reader = self.reader
        em = reader.emitter
        last_check = None
        try:
            while True:
                if self._stopped():
                    return
                got = reader.read_available()
                if em.done:
                    em.finish()
                    return
                if got:
                    continue
                if self._check_file():
                    continue
                if self.until_ns is not None and self.wall_clock() >= self.until_ns:
                    reader.read_available()
                    em.finish()
                    return
                now = self.clock()
                if last_check is None or now - last_check >= self.check_interval:
                    last_check = now
                    if not self.is_running():
                        self._drain()
                        em.finish()
                        return
                self._wait()
        except KeyboardInterrupt:
            return
        finally:
            try:
                em.flush()
            except (OSError, ValueError):
                pass

    def _drain(self):
        """Read what is left, following a rotation that already happened."""
        reader = self.reader
        for _ in range(8):
            reader.read_available()
            if reader.emitter.done or not self._check_file():
                break
        reader.finish_fragment()
