"""``docker logs`` over a CRI log file."""

import os
import time

from .follow import Follower
from .forward import DEFAULT_CHUNK, Emitter, ForwardReader, same_target
from .options import LogOptions
from .tail import last_line_end, partial_states_before, seek_since, tail_select

__all__ = ["write_logs", "stream_logs"]

# Below this size a --since read simply starts at the beginning.
_SEEK_MIN_SIZE = 4 << 20


def write_logs(path, opts, stdout, stderr, is_running=lambda: False, stop=None,
               poll_interval=0.25):
    """Write the log at `path` as ``docker logs`` shows it.

    stdout records go to `stdout` and stderr records to `stderr` (binary
    writers), one line each ending in a newline.  When both writers reach
    the same file, pipe or terminal, all lines are written to `stdout` in
    the order of the log, as docker shows them with ``2>&1``.

    With ``opts.follow``, keeps writing new lines until `is_running()`
    returns False (checked at most every 0.25 s) and the file is drained,
    until ``opts.until_ns`` passes, or until `stop` (a threading.Event) is
    set or a KeyboardInterrupt occurs.

    Raises FileNotFoundError when the log file does not exist.
    """
    stream_logs(path, opts, stdout, stderr, is_running=is_running, stop=stop,
                poll_interval=poll_interval)


def stream_logs(path, opts, stdout, stderr, is_running=lambda: False, stop=None,
                poll_interval=0.25, clock=time.monotonic, wall_clock=time.time_ns,
                sleep=None, check_interval=None, chunk_size=DEFAULT_CHUNK):
    """write_logs with its clock, sleep and intervals open to injection."""
    if opts is None:
        opts = LogOptions()
    f = open(path, "rb", buffering=0)
    reader = None
    try:
        merged = same_target(stdout, stderr)
        if opts.details:
            stdout = DetailsWriter(stdout, opts.timestamps)
            stderr = stdout if merged else DetailsWriter(stderr, opts.timestamps)
        em = Emitter(stdout, stderr, timestamps=opts.timestamps, since_ns=opts.since_ns,
                     until_ns=opts.until_ns, merged=merged, flush_each=opts.follow)
        if not opts.follow:
            _read(f, opts, em, chunk_size, follow=False)
            em.flush()
            return
        try:
            reader = _read(f, opts, em, chunk_size, follow=True)
            em.flush()
            Follower(reader, path, is_running=is_running, stop=stop,
                     poll_interval=poll_interval, until_ns=opts.until_ns, clock=clock,
                     wall_clock=wall_clock, sleep=sleep, check_interval=check_interval).run()
        except KeyboardInterrupt:
            pass
    finally:
        f.close()
        if reader is not None:
            reader.f.close()


def _read(f, opts, em, chunk_size, follow):
    """Write the lines present now; return the reader positioned to go on."""
    fd = f.fileno()
    size = os.fstat(fd).st_size
    tail = opts.tail
    if tail is not None:
        if tail <= 0 and not follow:
            return None
        end = last_line_end(fd, size)
        fragment = None
        if not follow and end < size:
            fragment = os.pread(fd, size - end, end)
        sel = tail_select(fd, end, tail, since_ns=opts.since_ns,
                          until_ns=opts.until_ns, fragment=fragment)
        em.emit_lines(sel.lines)
        for s in (0, 1):
            if sel.open_lines[s] is not None:
                ts, frags = sel.open_lines[s]
                em.set_pending(s, ts, frags)
            elif sel.open_hidden[s]:
                em.skip_pending(s)
        if (opts.until_ns is not None and sel.latest_ns is not None
                and sel.latest_ns >= opts.until_ns):
            em.crossed = True
            if not em._open_lists():
                em.done = True
        if not follow:
            em.finish()
            return None
        f.seek(end)
        return ForwardReader(f, em, chunk_size=chunk_size)
    start = 0
    if opts.since_ns is not None and size >= _SEEK_MIN_SIZE:
        start = seek_since(fd, size, opts.since_ns)
        if start:
            for s, partial in enumerate(partial_states_before(fd, start)):
                if partial:
                    em.skip_pending(s)
    f.seek(start)
    reader = ForwardReader(f, em, chunk_size=chunk_size)
    if not follow:
        reader.read_available()
        reader.finish_fragment()
        em.finish()
    return reader


class DetailsWriter:
    """docker logs --details: the line's log attributes (the --log-opt labels and env a
    docker log driver keeps), a space, then its text; after the timestamp with -t. A CRI
    log record keeps no attributes, so each line gets the space alone, as docker prints it
    for a container without such options. Lines may arrive in pieces (-f): the position in
    the line is kept between writes."""

    START, STAMP, TEXT = range(3)

    def __init__(self, target, timestamps):
        self.target, self.timestamps = target, timestamps
        self.state = self.START

    def write(self, data):
        parts = bytes(data).split(b"\n")
        out = []
        for index, part in enumerate(parts):
            if index:
                out.append(b"\n")
                self.state = self.START
            if part or index < len(parts) - 1:
                out.append(self._prefixed(part))
        self.target.write(b"".join(out))

    def _prefixed(self, part):
        if self.state == self.TEXT:
            return part
        if not self.timestamps:
            self.state = self.TEXT
            return b" " + part
        at = part.find(b" ")  # the end of the timestamp
        if at < 0:
            self.state = self.STAMP
            return part
        self.state = self.TEXT
        return part[:at + 1] + b" " + part[at + 1:]

    def flush(self):
        flush = getattr(self.target, "flush", None)
        if flush is not None:
            flush()

