"""Reading a CRI log from its end: --tail, and finding where --since starts.

Lines are read backwards in blocks (starting small, doubling up to
1 MiB), so ``--tail N`` costs about N lines of reading whatever the size
of the file.

Lines counted by --tail are docker lines, i.e. partial records joined
with their final record, in the order their final record appears; a
partial line still open at the end of the file counts as the last line
(stdout before stderr).  Reading backwards, the start of a line is known
when the previous record of its stream is found.  Reading backwards stops looking for a stream after
``CHAIN_WINDOW`` bytes (1 MiB) of records of the other stream: a line is
taken to start at its earliest part found within that distance, and a
stream with no record in the last ``CHAIN_WINDOW`` bytes is taken not to
end with an open partial line.  Reading forwards has no such limit, so
the two only differ on partial chains interrupted by more than 1 MiB of
the other stream.

``since`` is located by a binary search on byte offsets, relying on the
timestamps of a file never going backwards.
"""

import os
from collections import deque

from .parse import _split

__all__ = ["lines_backward", "last_line_end", "last_records", "tail_select",
           "partial_states_before", "seek_since", "CHAIN_WINDOW"]

CHAIN_WINDOW = 1 << 20
FIRST_BLOCK = 16 << 10
MAX_BLOCK = 1 << 20


def lines_backward(fd, end, first_block=None, max_block=None):
    """Yield the lines of bytes [0, end) of `fd`, last line first.

    Lines are yielded without their newline; empty lines are skipped.  A
    line longer than a block is assembled from several reads.
    """
    if first_block is None:
        first_block = FIRST_BLOCK
    if max_block is None:
        max_block = MAX_BLOCK
    pos = end
    block = first_block
    carry = []  # pieces of the line being assembled, last piece first
    while pos > 0:
        n = block if block < pos else pos
        pos -= n
        buf = os.pread(fd, n, pos)
        if len(buf) != n:  # the file shrank under us
            return
        if block < max_block:
            block *= 2
        parts = buf.split(b"\n")
        if len(parts) == 1:
            carry.append(buf)
            continue
        last = parts[-1]
        if carry:
            carry.append(last)
            carry.reverse()
            last = b"".join(carry)
        if last:
            yield last
        for i in range(len(parts) - 2, 0, -1):
            line = parts[i]
            if line:
                yield line
        carry = [parts[0]]
    if carry:
        carry.reverse()
        line = b"".join(carry)
        if line:
            yield line


def last_line_end(fd, size):
    """Offset just after the last newline of the first `size` bytes (0 if none)."""
    pos = size
    block = 4096
    while pos > 0:
        n = block if block < pos else pos
        start = pos - n
        buf = os.pread(fd, n, start)
        i = buf.rfind(b"\n")
        if i >= 0:
            return start + i + 1
        pos = start
        if block < 1 << 20:
            block *= 2
    return 0


class _Entry:
    __slots__ = ("stream", "frags", "ts", "ns", "pos", "resolved", "passes")

    def __init__(self, stream, content, ts, ns, pos):
        self.stream = stream
        self.frags = [content]  # last fragment first
        self.ts = ts
        self.ns = ns
        self.pos = pos
        self.resolved = False
        self.passes = False

    def content(self):
        return b"".join(reversed(self.frags))


class TailResult:
    """Lines selected from the end of a log.

    lines: list of (stream, ts_field, content) in file order, complete lines.
    open_lines: per stream, None or (ts_field, [fragments]) of a selected
        partial line still open at the end of what was read.
    open_hidden: per stream, True when a partial line is open at the end
        but not selected (its remaining records must not be shown).
    latest_ns: timestamp of the last record read, or None.
    """

    __slots__ = ("lines", "open_lines", "open_hidden", "latest_ns")

    def __init__(self):
        self.lines = []
        self.open_lines = [None, None]
        self.open_hidden = [False, False]
        self.latest_ns = None


def tail_select(fd, end, n, since_ns=None, until_ns=None, fragment=None,
                window=None, first_block=None):
    """Select the last `n` docker lines of bytes [0, end) (plus `fragment`).

    `end` must be 0 or just after a newline; `fragment` is an extra last
    line (the unterminated end of the file) or None.  Lines are filtered
    by the timestamp of their first record: since <= ts < until.
    """
    if window is None:
        window = CHAIN_WINDOW
    res = TailResult()
    last = last_records(fd, end, fragment=fragment, window=window)
    if n <= 0:
        res.open_hidden = [x is True for x in last]
        for line in _source(fd, end, fragment, first_block):
            r = _split(line)
            if r is not None:
                res.latest_ns = r[1]
                break
        return res

    since = since_ns
    until = until_ns
    inc = [None, None]       # partial lines open at the end of the file
    open_ = [None, None]     # entry whose start is still being looked for
    seen = [False, False]
    q = deque()              # complete entries, latest first, not yet final
    result = []              # final passing complete entries, latest first
    below = False            # a record before `since` was read
    scanned = 0

    def resolve(e):
        e.resolved = True
        ns = e.ns
        e.passes = (since is None or ns >= since) and (until is None or ns < until)
        if not e.passes:
            e.frags = None

    def finished():
        for s in (0, 1):
            if last[s] and not seen[s] and not below:
                # This stream ends with a partial line, which counts as
                # the last line of the log: it must be found first.
                return False
        k = 0
        for e in inc:
            if e is not None:
                if not e.resolved:
                    return False
                if e.passes:
                    k += 1
        if len(result) + k >= n:
            return True
        return below and not q

    for line in _source(fd, end, fragment, first_block):
        for s in (0, 1):
            e = open_[s]
            if e is not None and scanned - e.pos > window:
                resolve(e)
                open_[s] = None
        scanned += len(line) + 1
        r = _split(line)
        if r is None:
            continue
        ts, ns, s, partial, content = r
        if res.latest_ns is None:
            res.latest_ns = ns
        if since is not None and ns < since:
            below = True
        e = open_[s]
        if e is not None:
            if partial:
                e.frags.append(content)
                e.ts = ts
                e.ns = ns
                e.pos = scanned
                if since is not None and ns < since:
                    resolve(e)
                    open_[s] = None
            else:
                resolve(e)
                open_[s] = None
        elif partial:
            if not seen[s] and last[s]:
                seen[s] = True
                e = _Entry(s, content, ts, ns, scanned)
                inc[s] = e
                open_[s] = e
                if since is not None and ns < since:
                    resolve(e)
                    open_[s] = None
            continue
        if not partial:
            seen[s] = True
            if not below:
                e = _Entry(s, content, ts, ns, scanned)
                q.append(e)
                open_[s] = e
        while q and q[0].resolved:
            e = q.popleft()
            if e.passes:
                result.append(e)
        if finished():
            break
    else:
        for s in (0, 1):
            if open_[s] is not None:
                resolve(open_[s])
                open_[s] = None
        while q:
            e = q.popleft()
            if e.passes:
                result.append(e)

    for s in (0, 1):
        e = inc[s]
        if e is not None and not e.resolved:
            resolve(e)
    chosen = [(e.stream, e.ts, e) for e in reversed(result)]
    chosen += [(s, inc[s].ts, inc[s]) for s in (0, 1) if inc[s] is not None and inc[s].passes]
    chosen = chosen[-n:]
    for s, ts, e in chosen:
        if e is inc[s]:
            res.open_lines[s] = (ts, list(reversed(e.frags)))
        else:
            res.lines.append((s, ts, e.content()))
    for s in (0, 1):
        if inc[s] is not None and res.open_lines[s] is None:
            res.open_hidden[s] = True
    return res


_MARKERS = (b" stdout ", b" stderr ")


def last_records(fd, end, fragment=None, window=None):
    """Per stream, the tag of its last record within `window` bytes of the end.

    Looks at bytes [0, end) followed by `fragment`.  Returns a list of two
    items, one per stream: None when the stream has no record there, else
    True for a partial record and False for a full one.  The stream field
    is found with a plain byte search, so this costs little even when a
    stream is absent.
    """
    if window is None:
        window = CHAIN_WINDOW
    extra = fragment or b""
    states = [None, None]
    todo = [0, 1]
    k = 16 << 10
    while todo:
        k = min(k, end)
        data = os.pread(fd, k, end - k) + extra
        at_bof = k == end
        covered = at_bof or len(data) >= window
        for s in list(todo):
            res = _find_last(data, s, at_bof)
            if res is _MORE:
                if covered and not at_bof:
                    todo.remove(s)
                continue
            if res is not None or covered:
                states[s] = res
                todo.remove(s)
        if covered:
            break
        k *= 4
    return states


_MORE = object()


def _find_last(data, s, at_bof):
    """Tag (True if partial) of the last record of stream s in data.

    None if there is none; _MORE if more data before is needed to tell.
    """
    marker = _MARKERS[s]
    hi = len(data)
    while True:
        i = data.rfind(marker, 0, hi)
        if i < 0:
            return None if at_bof else _MORE
        ls = data.rfind(b"\n", 0, i) + 1
        if ls == 0 and not at_bof and i <= 64:
            return _MORE
        hi = i
        if i - ls > 64:
            continue  # too far from the line start: inside content
        r = _split(data[ls:i + 80].split(b"\n", 1)[0])
        if r is not None and r[2] == s:
            return r[3]


def _source(fd, end, fragment, first_block):
    if fragment:
        yield fragment
    yield from lines_backward(fd, end, first_block=first_block)


def partial_states_before(fd, offset, window=None):
    """Per stream, whether its last record before `offset` is partial.

    Only the last `window` bytes are looked at (see last_records).
    """
    return [x is True for x in last_records(fd, offset, window=window)]


def _first_record_after(fd, pos, limit, block=1 << 16):
    """(line_start, ts_ns, line_end) of the first record starting at or after pos.

    Only looks within one block; None when nothing is found there.
    """
    start = pos - 1 if pos > 0 else 0
    end = min(limit, start + block)
    if end <= start:
        return None
    buf = os.pread(fd, end - start, start)
    if pos > 0:
        i = buf.find(b"\n")
        if i < 0:
            return None
        i += 1
    else:
        i = 0
    while True:
        j = buf.find(b"\n", i)
        if j < 0:
            return None
        r = _split(buf[i:j])
        if r is not None:
            return start + i, r[1], start + j + 1
        i = j + 1


def seek_since(fd, size, since_ns, min_span=1 << 16):
    """A line-start offset before which every record is older than since_ns.

    Binary search over byte offsets; the result is not necessarily the
    first line at or after `since` but is at most a block or so before it.
    """
    lo, hi = 0, size
    while hi - lo > min_span:
        mid = (lo + hi) // 2
        found = _first_record_after(fd, mid, hi)
        if found is None:
            hi = mid
            continue
        start, ns, line_end = found
        if ns < since_ns:
            lo = line_end
        else:
            hi = start
    return lo
