"""Reading a CRI log forwards, in large blocks, into docker lines.

The hot loop handles the common record shape ``<ts> stdout F <content>``
(or ``stderr F``) with a single ``bytes.partition`` per line and checks
the timestamp fields of the whole block at once afterwards: the fields
are joined, their digits deleted, and what is left must be a sequence of
``--T::.Z`` / ``--T::Z`` -- exactly the shape accepted by
``parse._SHAPE_RE`` for UTC fields.  Any other line (partial records,
other tags, offsets, malformed lines) goes through the per-record path,
and a block whose check fails is redone entirely through it, so both
paths always give the same output.

Filtering on since/until assumes the timestamps of a file never go
backwards (the runtime writes them in order): a block whose first record
is at or after ``since`` and whose last record is before ``until`` is
taken whole.
"""

import os

from .parse import _split, _ts_out

__all__ = ["Emitter", "ForwardReader", "SKIP"]

# Pending state of a stream whose current partial line is not shown
# (it started before `since`, after `until`, or before the tail).
SKIP = object()

_DIGITS = b"0123456789"
_TOK_FRAC = b"--T::.Z\n"
_TOK_SEC = b"--T::Z\n"

DEFAULT_CHUNK = 256 << 10


def _heads_ok(heads):
    """True when every field has the shape D-D-DTD:D:D[.D]Z (D: digits)."""
    if not heads:
        return True
    n = len(heads)
    r = b"\n".join(heads).translate(None, _DIGITS) + b"\n"
    c1 = r.count(_TOK_FRAC)
    c2 = r.count(_TOK_SEC)
    return c1 + c2 == n and len(r) == 8 * c1 + 7 * c2


def same_target(a, b):
    """True when two writers end up in the same file, pipe or terminal."""
    if a is b:
        return True
    try:
        fa = a.fileno()
        fb = b.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    if fa == fb:
        return True
    try:
        sa = os.fstat(fa)
        sb = os.fstat(fb)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


class Emitter:
    """Turns record lines into docker lines and writes them.

    stdout records go to ``out`` and stderr records to ``err``, each line
    ending in a newline.  When ``merged`` is true (both writers reach the
    same file), every line is written to ``out`` in record order, so the
    relative order of stdout and stderr lines is kept exactly.
    """

    def __init__(self, out, err, timestamps=False, since_ns=None, until_ns=None,
                 merged=False, flush_each=False):
        self.out = out
        self.err = err
        self.timestamps = timestamps
        self.since = since_ns
        self.until = until_ns
        self.merged = merged
        self.flush_each = flush_each
        # Per stream (0 stdout, 1 stderr): None, SKIP, or the list of
        # fragments of the open partial line.
        self.pend = [None, None]
        self.pend_ts = [None, None]
        # A line starting at or after `until` was seen: no new line is shown.
        self.crossed = False
        # Nothing more can be shown: the reader may stop.
        self.done = False

    # -- state ----------------------------------------------------------

    def set_pending(self, stream, ts_field, fragments):
        """Start with an open partial line (fragments in file order)."""
        self.pend[stream] = list(fragments)
        self.pend_ts[stream] = ts_field

    def skip_pending(self, stream):
        """Start with the open partial line of `stream` hidden."""
        self.pend[stream] = SKIP
        self.pend_ts[stream] = None

    def _open_lists(self):
        p = self.pend
        return (p[0] is not None and p[0] is not SKIP) or (p[1] is not None and p[1] is not SKIP)

    # -- output -----------------------------------------------------------

    def _write(self, out, err):
        if out:
            out.append(b"")
            self.out.write(b"\n".join(out))
        if err and err is not out:
            err.append(b"")
            self.err.write(b"\n".join(err))
        if self.flush_each and (out or err):
            self.flush()

    def _write_pieces(self, out, err):
        if out:
            self.out.write(b"".join(out))
        if err and err is not out:
            self.err.write(b"".join(err))
        if self.flush_each and (out or err):
            self.flush()

    def flush(self):
        for w in (self.out, self.err):
            f = getattr(w, "flush", None)
            if f is not None:
                f()

    def _line_bytes(self, ts_field, content):
        if self.timestamps:
            return _ts_out(ts_field) + b" " + content
        return content

    def emit_lines(self, lines):
        """Write already selected lines: an iterable of (stream, ts_field, content)."""
        out = []
        err = out if self.merged else []
        for s, ts_field, content in lines:
            (err if s else out).append(self._line_bytes(ts_field, content))
        self._write(out, err)

    def finish(self):
        """End of input: show the open partial lines (stdout, then stderr)."""
        out = []
        err = out if self.merged else []
        for s in (0, 1):
            p = self.pend[s]
            if p is not None and p is not SKIP:
                (err if s else out).append(self._line_bytes(self.pend_ts[s], b"".join(p)))
            self.pend[s] = None
            self.pend_ts[s] = None
        self._write(out, err)
        self.done = True

    # -- per-record path ------------------------------------------------

    def _record(self, line, oa, ea):
        r = _split(line)
        if r is None:
            return
        ts_field, ns, s, partial, content = r
        pend = self.pend
        p = pend[s]
        if p is None:
            if self.crossed:
                if partial:
                    pend[s] = SKIP
                return
            until = self.until
            if until is not None and ns >= until:
                self.crossed = True
                if partial:
                    pend[s] = SKIP
                return
            since = self.since
            if since is not None and ns < since:
                if partial:
                    pend[s] = SKIP
                return
            if partial:
                pend[s] = [content]
                self.pend_ts[s] = ts_field
                return
            if self.timestamps:
                content = _ts_out(ts_field) + b" " + content
            (ea if s else oa)(content)
        elif p is SKIP:
            if not partial:
                pend[s] = None
        else:
            p.append(content)
            if not partial:
                pend[s] = None
                content = b"".join(p)
                if self.timestamps:
                    content = _ts_out(self.pend_ts[s]) + b" " + content
                self.pend_ts[s] = None
                (ea if s else oa)(content)

    def _slow(self, lines, oa, ea):
        rec = self._record
        for line in lines:
            rec(line, oa, ea)
            if self.crossed and not self._open_lists():
                self.done = True
                return

    # -- block path -----------------------------------------------------

    def _bounds_ok(self, lines):
        """True when every record of the block passes since/until."""
        since = self.since
        until = self.until
        if since is None and until is None:
            return True
        if self.crossed:
            return False
        if since is not None:
            for line in lines:
                r = _split(line)
                if r is not None:
                    if r[1] < since:
                        return False
                    break
            else:
                return False
        if until is not None:
            for line in reversed(lines):
                r = _split(line)
                if r is not None:
                    if r[1] >= until:
                        return False
                    break
            else:
                return False
        return True

    def _fast(self, lines, out, err):
        """Block path; returns False if the timestamp check fails."""
        heads = []
        ha = heads.append
        oa = out.append
        ea = err.append
        pend = self.pend
        rec = self._record
        it = iter(lines)
        while True:
            if pend[0] is not None or pend[1] is not None:
                for line in it:
                    rec(line, oa, ea)
                    if pend[0] is None and pend[1] is None:
                        break
                else:
                    break
            for line in it:
                h, sep, c = line.partition(b" stdout F ")
                if sep:
                    ha(h)
                    oa(c)
                    continue
                h, sep, c = line.partition(b" stderr F ")
                if sep:
                    ha(h)
                    ea(c)
                    continue
                rec(line, oa, ea)
                if pend[0] is not None or pend[1] is not None:
                    break
            else:
                break
        return _heads_ok(heads)

    def _fast_ts(self, lines, out, err):
        """Block path with --timestamps.  Fills `out`/`err` with pieces
        (timestamp, space, content, newline) to be joined without separator."""
        heads = []
        ha = heads.append
        oe = out.extend
        ee = err.extend

        def slow_out(x):
            oe((x, b"\n"))

        def slow_err(x):
            ee((x, b"\n"))

        tso = _ts_out
        pend = self.pend
        rec = self._record
        it = iter(lines)
        while True:
            if pend[0] is not None or pend[1] is not None:
                for line in it:
                    rec(line, slow_out, slow_err)
                    if pend[0] is None and pend[1] is None:
                        break
                else:
                    break
            for line in it:
                h, sep, c = line.partition(b" stdout F ")
                if sep:
                    ha(h)
                    oe((h if len(h) == 30 else tso(h), b" ", c, b"\n"))
                    continue
                h, sep, c = line.partition(b" stderr F ")
                if sep:
                    ha(h)
                    ee((h if len(h) == 30 else tso(h), b" ", c, b"\n"))
                    continue
                rec(line, slow_out, slow_err)
                if pend[0] is not None or pend[1] is not None:
                    break
            else:
                break
        return _heads_ok(heads)

    def feed(self, lines):
        """Process a list of complete record lines (without newlines)."""
        if self.done or not lines:
            return
        out = []
        err = out if self.merged else []
        if self._bounds_ok(lines):
            saved_pend = [p if p is None or p is SKIP else list(p) for p in self.pend]
            saved_ts = list(self.pend_ts)
            saved_crossed = self.crossed
            if self.timestamps:
                if self._fast_ts(lines, out, err):
                    self._write_pieces(out, err)
                    return
            elif self._fast(lines, out, err):
                self._write(out, err)
                return
            self.pend = saved_pend
            self.pend_ts = saved_ts
            self.crossed = saved_crossed
            del out[:]
            del err[:]
        self._slow(lines, out.append, err.append)
        self._write(out, err)


class ForwardReader:
    """Reads a file from its current offset in large blocks into an Emitter.

    A last line without its newline is held back (it may still be being
    written) until more data comes or `finish_fragment` is called.
    """

    def __init__(self, f, emitter, chunk_size=DEFAULT_CHUNK):
        self.f = f
        self.emitter = emitter
        self.chunk_size = chunk_size
        self.carry = []  # pieces of an incomplete last line

    def read_available(self):
        """Read and process up to the end of the file; return the bytes read."""
        f = self.f
        em = self.emitter
        size = self.chunk_size
        total = 0
        while not em.done:
            data = f.read(size)
            if not data:
                break
            total += len(data)
            lines = data.split(b"\n")
            if len(lines) == 1:
                self.carry.append(data)
                continue
            if self.carry:
                self.carry.append(lines[0])
                lines[0] = b"".join(self.carry)
                self.carry = []
            last = lines.pop()
            if last:
                self.carry.append(last)
            em.feed(lines)
        return total

    def finish_fragment(self):
        """Process a held-back last line as a complete line."""
        if self.carry:
            line = b"".join(self.carry)
            self.carry = []
            self.emitter.feed([line])

    def drop_fragment(self):
        self.carry = []

    def switch(self, f):
        """Continue with another file (after rotation); closes the old one."""
        old = self.f
        self.f = f
        self.carry = []
        try:
            old.close()
        except OSError:
            pass
