"""Reading CRI container logs as docker logs shows them."""

import io
import os
import random
from datetime import datetime, timezone

import pytest

from dockercri.logs import (
    LogOptions,
    format_timestamp,
    join_records,
    parse_line,
    parse_records,
    parse_timestamp,
    stream_logs,
    write_logs,
)
from dockercri.logs import forward as forward_mod
from dockercri.logs import tail as tail_mod

T0 = 1795728135 * 10 ** 9  # 2026-11-26T21:22:15Z


def ts(ns):
    """RFC3339Nano as the runtime writes it (trailing zeros trimmed)."""
    sec, frac = divmod(ns, 10 ** 9)
    base = datetime.fromtimestamp(sec, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    f = ("%09d" % frac).rstrip("0")
    return (base + ("." + f if f else "") + "Z").encode()


def rec(ns, stream, tag, content):
    return b"%s %s %s %s\n" % (ts(ns), stream, tag, content)


def write(tmp_path, data, name="0.log"):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def run(path, **kw):
    out, err = io.BytesIO(), io.BytesIO()
    write_logs(path, LogOptions(**kw), out, err)
    return out.getvalue(), err.getvalue()


# -- timestamps -----------------------------------------------------------

def test_format_timestamp_keeps_nine_digits():
    assert format_timestamp(T0) == "2026-11-26T21:22:15.000000000Z"
    assert format_timestamp(T0 + 163226606) == "2026-11-26T21:22:15.163226606Z"
    assert format_timestamp(T0 + 100) == "2026-11-26T21:22:15.000000100Z"
    assert format_timestamp(0) == "1970-01-01T00:00:00.000000000Z"


def test_parse_timestamp_forms():
    assert parse_timestamp("2026-11-26T21:22:15.163226606Z") == T0 + 163226606
    assert parse_timestamp(b"2026-11-26T21:22:15Z") == T0
    assert parse_timestamp("2026-11-26T21:22:15.5Z") == T0 + 500000000
    assert parse_timestamp("2026-11-26T22:22:15.5+01:00") == T0 + 500000000
    assert parse_timestamp("2026-11-26T20:52:15-00:30") == T0
    for bad in ("2026-13-01T00:00:00Z", "2026-11-26 21:22:15Z", "hello", "2026-11-26T21:22:15"):
        with pytest.raises(ValueError):
            parse_timestamp(bad)


def test_timestamps_option_prints_fixed_utc(tmp_path):
    data = (
        b"2026-11-26T21:22:15.163226606Z stdout F a\n"
        b"2026-11-26T21:22:15.1632266Z stdout F b\n"
        b"2026-11-26T21:22:16Z stdout F c\n"
        b"2026-11-26T22:22:17.25+01:00 stderr F d\n"
        b"2026-11-26T21:52:18.2500-00:30 stderr F e\n"
    )
    out, err = run(write(tmp_path, data), timestamps=True)
    assert out == (
        b"2026-11-26T21:22:15.163226606Z a\n"
        b"2026-11-26T21:22:15.163226600Z b\n"
        b"2026-11-26T21:22:16.000000000Z c\n"
    )
    assert err == b"2026-11-26T21:22:17.250000000Z d\n2026-11-26T22:22:18.250000000Z e\n"


# -- records --------------------------------------------------------------

def test_parse_line_fields():
    r = parse_line(b"2026-11-26T21:22:15.163226606Z stderr P:x some  text \n")
    assert r.stream == "stderr"
    assert r.partial is True
    assert r.content == b"some  text "
    assert r.timestamp == b"2026-11-26T21:22:15.163226606Z"
    assert r.timestamp_ns == T0 + 163226606
    empty = parse_line(b"2026-11-26T21:22:15Z stdout F")
    assert empty.content == b"" and empty.partial is False
    # An unknown tag reads as a full record, as in the kubelet.
    assert parse_line(b"2026-11-26T21:22:15Z stdout X hi").partial is False


@pytest.mark.parametrize("line", [
    b"hello world",
    b"",
    b"stdout F hello",
    b"2026-11-26T21:22:15Z stdin F hello",
    b"2026-11-26T21:22:15Z stdout",
    b"2026-11-26T21:22:15Z stdout ",
    b"2026-11-26T21:22:15Z  stdout F x",
    b"21:22:15 stdout F x",
    b"garbage stdout F x",
])
def test_malformed_lines_are_rejected(line):
    assert parse_line(line) is None


def test_malformed_lines_are_skipped(tmp_path):
    data = (
        rec(T0, b"stdout", b"F", b"one")
        + b"no timestamp here\n"
        + b"2026-11-26T21:22:15Z stdin F nope\n"
        + b"2026-11-26T21:22:15Z stdout\n"
        + b"\n"
        + b"garbage stdout F nope\n"
        + rec(T0 + 1, b"stdout", b"F", b"two")
    )
    assert run(write(tmp_path, data)) == (b"one\ntwo\n", b"")
    assert run(write(tmp_path, data), tail=1) == (b"two\n", b"")
    assert run(write(tmp_path, data), tail=5) == (b"one\ntwo\n", b"")


def test_timestamp_beyond_utc_range_printed_as_written(tmp_path):
    data = b"0001-01-01T00:00:00.5+01:00 stdout F early\n"
    out, _ = run(write(tmp_path, data), timestamps=True)
    assert out == b"0001-01-01T00:00:00.5+01:00 early\n"


def test_impossible_instant_keeps_record(tmp_path):
    data = b"2026-13-45T21:22:15.123456789Z stdout F odd\n" + rec(T0, b"stdout", b"F", b"ok")
    assert run(write(tmp_path, data)) == (b"odd\nok\n", b"")
    out, _ = run(write(tmp_path, data), timestamps=True)
    assert out == b"2026-13-45T21:22:15.123456789Z odd\n2026-11-26T21:22:15.000000000Z ok\n"
    # Its time reads as the epoch: before any since.
    assert run(write(tmp_path, data), since_ns=1) == (b"ok\n", b"")


def test_parse_records_and_join():
    data = (
        rec(T0, b"stdout", b"P", b"ab")
        + rec(T0 + 1, b"stderr", b"F", b"E")
        + rec(T0 + 2, b"stdout", b"P", b"cd")
        + rec(T0 + 3, b"stdout", b"F", b"ef")
        + rec(T0 + 4, b"stderr", b"P", b"open")
    )
    recs = list(parse_records(data))
    assert [r.content for r in recs] == [b"ab", b"E", b"cd", b"ef", b"open"]
    lines = list(join_records(recs))
    assert [(l.stream, l.content, l.timestamp_ns) for l in lines] == [
        ("stderr", b"E", T0 + 1),
        ("stdout", b"abcdef", T0),
        ("stderr", b"open", T0 + 4),
    ]
    assert len(list(join_records(recs, flush=False))) == 2


# -- joining --------------------------------------------------------------

def test_partial_records_are_joined(tmp_path):
    data = (
        rec(T0, b"stdout", b"P", b"hel")
        + rec(T0 + 5, b"stdout", b"P", b"lo ")
        + rec(T0 + 9, b"stdout", b"F", b"world")
        + rec(T0 + 10, b"stdout", b"F", b"next")
    )
    p = write(tmp_path, data)
    assert run(p) == (b"hello world\nnext\n", b"")
    # The joined line carries the timestamp of its first record.
    out, _ = run(p, timestamps=True)
    assert out == (b"2026-11-26T21:22:15.000000000Z hello world\n"
                   b"2026-11-26T21:22:15.000000010Z next\n")


def test_streams_do_not_mix(tmp_path):
    data = (
        rec(T0, b"stdout", b"P", b"out-1 ")
        + rec(T0 + 1, b"stderr", b"F", b"err-line")
        + rec(T0 + 2, b"stderr", b"P", b"err-2 ")
        + rec(T0 + 3, b"stdout", b"F", b"out-2")
        + rec(T0 + 4, b"stderr", b"F", b"end")
    )
    p = write(tmp_path, data)
    assert run(p) == (b"out-1 out-2\n", b"err-line\nerr-2 end\n")
    assert run(p, tail=1) == (b"", b"err-2 end\n")
    assert run(p, tail=2) == (b"out-1 out-2\n", b"err-2 end\n")


def test_same_writer_keeps_record_order(tmp_path):
    data = (
        rec(T0, b"stdout", b"F", b"o1")
        + rec(T0 + 1, b"stderr", b"F", b"e1")
        + rec(T0 + 2, b"stdout", b"F", b"o2")
        + rec(T0 + 3, b"stderr", b"P", b"e2a")
        + rec(T0 + 4, b"stdout", b"F", b"o3")
        + rec(T0 + 5, b"stderr", b"F", b"e2b")
    )
    p = write(tmp_path, data)
    both = io.BytesIO()
    write_logs(p, LogOptions(), both, both)
    assert both.getvalue() == b"o1\ne1\no2\no3\ne2ae2b\n"
    both = io.BytesIO()
    write_logs(p, LogOptions(tail=3), both, both)
    assert both.getvalue() == b"o2\no3\ne2ae2b\n"
    both = io.BytesIO()
    write_logs(p, LogOptions(timestamps=True), both, both)
    assert both.getvalue() == b"".join(
        b"2026-11-26T21:22:15.00000000%dZ %s\n" % (i, c)
        for i, c in ((0, b"o1"), (1, b"e1"), (2, b"o2"), (4, b"o3"), (3, b"e2ae2b")))


def test_same_file_descriptor_target_is_merged(tmp_path):
    rows = []
    for i in range(3000):
        rows.append(rec(T0 + i, b"stderr" if i % 3 == 0 else b"stdout", b"F", b"n%d" % i))
    p = write(tmp_path, b"".join(rows))
    target = tmp_path / "both.txt"
    for t in (False, True):
        with open(target, "wb") as f:
            dup = os.fdopen(os.dup(f.fileno()), "wb")
            write_logs(p, LogOptions(timestamps=t), f, dup)
            dup.close()
        got = target.read_bytes().splitlines()
        assert [g.split(b" ")[-1] for g in got] == [b"n%d" % i for i in range(3000)]


def test_unterminated_partial_line_is_flushed_at_end(tmp_path):
    data = (
        rec(T0, b"stderr", b"P", b"err-open")
        + rec(T0 + 1, b"stdout", b"F", b"a")
        + rec(T0 + 2, b"stdout", b"P", b"out-open")
    )
    p = write(tmp_path, data)
    assert run(p) == (b"a\nout-open\n", b"err-open\n")
    assert run(p, tail=1) == (b"", b"err-open\n")
    assert run(p, tail=2) == (b"out-open\n", b"err-open\n")


def test_last_line_without_newline(tmp_path):
    data = rec(T0, b"stdout", b"F", b"a") + b"2026-11-26T21:22:16Z stdout F b"
    p = write(tmp_path, data)
    assert run(p) == (b"a\nb\n", b"")
    assert run(p, tail=1) == (b"b\n", b"")


def test_invalid_utf8_passes_through(tmp_path):
    content = b"caf\xc3\xa9 \xff\xfe\x80 bytes \x00 nul"
    data = rec(T0, b"stdout", b"F", content) + rec(T0 + 1, b"stderr", b"P", b"\xc3") \
        + rec(T0 + 2, b"stderr", b"F", b"\xa9\xff")
    p = write(tmp_path, data)
    assert run(p) == (content + b"\n", b"\xc3\xa9\xff\n")
    assert run(p, tail=2) == (content + b"\n", b"\xc3\xa9\xff\n")


def test_content_mimicking_record_fields(tmp_path):
    # The block path must not be fooled by " stdout F " inside content.
    data = (
        rec(T0, b"stderr", b"F", b"x stdout F y")
        + rec(T0 + 1, b"stdout", b"P", b"p stderr F q ")
        + rec(T0 + 2, b"stdout", b"F", b"r")
        + rec(T0 + 3, b"stdout", b"F", b"2026-11-26T21:22:15Z stdout F z")
    )
    p = write(tmp_path, data)
    assert run(p) == (b"p stderr F q r\n2026-11-26T21:22:15Z stdout F z\n", b"x stdout F y\n")


def test_missing_file_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        run(str(tmp_path / "nope.log"))


def test_empty_file(tmp_path):
    p = write(tmp_path, b"")
    assert run(p) == (b"", b"")
    assert run(p, tail=3) == (b"", b"")


# -- tail -----------------------------------------------------------------

def test_tail_counts_joined_lines(tmp_path):
    recs = []
    for i in range(20):
        recs.append(rec(T0 + i * 10, b"stdout", b"P", b"line%d-" % i))
        recs.append(rec(T0 + i * 10 + 1, b"stdout", b"P", b"mid-"))
        recs.append(rec(T0 + i * 10 + 2, b"stdout", b"F", b"end"))
    p = write(tmp_path, b"".join(recs))
    out, err = run(p, tail=3)
    assert out == b"line17-mid-end\nline18-mid-end\nline19-mid-end\n"
    assert err == b""


def test_tail_larger_than_file(tmp_path):
    data = b"".join(rec(T0 + i, b"stdout", b"F", b"l%d" % i) for i in range(5))
    p = write(tmp_path, data)
    assert run(p, tail=100) == (b"l0\nl1\nl2\nl3\nl4\n", b"")
    assert run(p, tail="all") == (b"l0\nl1\nl2\nl3\nl4\n", b"")
    assert run(p, tail=-1) == (b"l0\nl1\nl2\nl3\nl4\n", b"")


def test_tail_zero_prints_nothing(tmp_path):
    data = b"".join(rec(T0 + i, b"stdout", b"F", b"l%d" % i) for i in range(5))
    assert run(write(tmp_path, data), tail=0) == (b"", b"")


def test_tail_long_chain_across_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(tail_mod, "FIRST_BLOCK", 64)
    monkeypatch.setattr(tail_mod, "MAX_BLOCK", 256)
    chunk = bytes(range(97, 123)) * 4  # 104 bytes per record
    recs = [rec(T0, b"stdout", b"F", b"before")]
    for i in range(50):
        recs.append(rec(T0 + 1 + i, b"stdout", b"P", chunk))
        if i % 7 == 0:
            recs.append(rec(T0 + 1 + i, b"stderr", b"F", b"e%d" % i))
    recs.append(rec(T0 + 100, b"stdout", b"F", b"!"))
    recs.append(rec(T0 + 101, b"stdout", b"F", b"after"))
    p = write(tmp_path, b"".join(recs))
    out, err = run(p, tail=2)
    assert out == chunk * 50 + b"!\nafter\n"
    assert err == b""
    out, err = run(p, tail=3)
    assert out == chunk * 50 + b"!\nafter\n"
    assert err == b"e49\n"
    out, _ = run(p, tail=2, timestamps=True)
    assert out.startswith(b"2026-11-26T21:22:15.000000001Z abcd")


def test_tail_on_huge_single_line(tmp_path):
    big = (b"0123456789abcdef" * 65536) * 10  # 10 MiB, longer than any block
    data = rec(T0, b"stdout", b"F", b"first") + rec(T0 + 1, b"stdout", b"F", big) \
        + rec(T0 + 2, b"stderr", b"F", b"last")
    p = write(tmp_path, data)
    out, err = run(p, tail=2)
    assert out == big + b"\n" and err == b"last\n"
    out, err = run(p)
    assert out == b"first\n" + big + b"\n" and err == b"last\n"


def test_forward_read_of_huge_line_in_small_blocks(tmp_path):
    big = os.urandom(3 << 20).replace(b"\n", b"n")
    data = rec(T0, b"stdout", b"P", big[:1000]) + rec(T0 + 1, b"stdout", b"F", big[1000:]) \
        + rec(T0 + 2, b"stdout", b"F", b"x")
    p = write(tmp_path, data)
    out, err = io.BytesIO(), io.BytesIO()
    stream_logs(p, LogOptions(), out, err, chunk_size=4096)
    assert out.getvalue() == big + b"\nx\n"


# -- since / until --------------------------------------------------------

def test_since_inclusive_until_exclusive(tmp_path):
    data = b"".join(rec(T0 + i * 1000, b"stdout", b"F", b"l%d" % i) for i in range(10))
    p = write(tmp_path, data)
    assert run(p, since_ns=T0 + 3000) == (b"l3\nl4\nl5\nl6\nl7\nl8\nl9\n", b"")
    assert run(p, since_ns=T0 + 3001, until_ns=T0 + 6000) == (b"l4\nl5\n", b"")
    assert run(p, until_ns=T0 + 2000) == (b"l0\nl1\n", b"")
    assert run(p, since_ns=T0 + 3000, until_ns=T0 + 6000, tail=2) == (b"l4\nl5\n", b"")
    assert run(p, since_ns=T0 + 9000, tail=5) == (b"l9\n", b"")
    dt = datetime(2026, 11, 26, 21, 22, 15, tzinfo=timezone.utc)
    assert run(p, since_ns=dt, until_ns=T0 + 1000) == (b"l0\n", b"")


def test_since_uses_first_record_of_joined_line(tmp_path):
    data = (
        rec(T0, b"stdout", b"P", b"early-")
        + rec(T0 + 10, b"stdout", b"F", b"late")
        + rec(T0 + 10, b"stderr", b"P", b"e-")
        + rec(T0 + 30, b"stderr", b"F", b"f")
    )
    p = write(tmp_path, data)
    assert run(p, since_ns=T0 + 5) == (b"", b"e-f\n")
    assert run(p, since_ns=T0 + 5, tail=5) == (b"", b"e-f\n")
    assert run(p, until_ns=T0 + 5) == (b"early-late\n", b"")
    assert run(p, until_ns=T0 + 5, tail=5) == (b"early-late\n", b"")


def test_since_on_large_file_seeks(tmp_path):
    lines = []
    n = 120000  # about 6 MiB: above the size where since seeks
    for i in range(n):
        lines.append(rec(T0 + i * 1000, b"stdout", b"F", b"line %06d %s" % (i, b"x" * 20)))
    # A partial line that starts before since and ends after it.
    k = 70000
    lines[k] = rec(T0 + k * 1000, b"stderr", b"P", b"started-before ")
    lines[k + 3] = rec(T0 + (k + 3) * 1000, b"stderr", b"F", b"ended-after")
    p = write(tmp_path, b"".join(lines))
    since = T0 + (k + 1) * 1000
    out, err = run(p, since_ns=since, until_ns=since + 5000)
    assert out == b"".join(b"line %06d %s\n" % (i, b"x" * 20) for i in (k + 1, k + 2, k + 4, k + 5))
    assert err == b""
    out, err = run(p, since_ns=T0 + k * 1000, until_ns=since + 2000)
    assert err == b"started-before ended-after\n"
    with open(p, "rb") as f:
        off = tail_mod.seek_since(f.fileno(), os.path.getsize(p), since)
    assert 0 < off <= os.path.getsize(p) * (k + 1) // n


# -- block path against a plain model ---------------------------------------

def _model(data, opts, merged=False):
    lines = list(join_records(parse_records(data)))
    if opts.since_ns is not None:
        lines = [l for l in lines if l.timestamp_ns >= opts.since_ns]
    if opts.until_ns is not None:
        lines = [l for l in lines if l.timestamp_ns < opts.until_ns]
    if opts.tail is not None:
        lines = lines[-opts.tail:] if opts.tail > 0 else []
    out, err = [], []
    for l in lines:
        c = l.content
        if opts.timestamps:
            try:
                stamp = format_timestamp(parse_timestamp(l.timestamp)).encode()
            except ValueError:  # an impossible instant is printed as written
                stamp = l.timestamp
            c = stamp + b" " + c
        (err if l.stream == "stderr" and not merged else out).append(c + b"\n")
    return b"".join(out), b"".join(err)


def _random_log(rng, n):
    t = T0
    out = []
    for _ in range(n):
        t += rng.choice((0, 1, 10, 1000, 999999, 10 ** 9))
        x = rng.random()
        if x < 0.03:
            out.append(rng.choice([b"junk line\n", b"\n", b"2026-11-26T21:22:15Z stdin F z\n",
                                   b"2026-11-26T21:22:15Z stdout\n"]))
            continue
        stream = b"stderr" if rng.random() < 0.3 else b"stdout"
        tag = b"P" if rng.random() < 0.2 else rng.choice((b"F", b"F", b"F", b"F:x"))
        content = bytes(rng.randrange(1, 256) for _ in range(rng.randrange(0, 40)))
        content = content.replace(b"\n", b"\\")
        if rng.random() < 0.05:
            content += b" stdout F trick"
        field = ts(t)
        if rng.random() < 0.05:
            field = b"2026-11-26T22:%s+01:00" % field[14:-1]
        out.append(b"%s %s %s %s\n" % (field, stream, tag, content))
    return b"".join(out)


@pytest.mark.parametrize("seed", range(12))
def test_matches_model(tmp_path, monkeypatch, seed):
    monkeypatch.setattr(tail_mod, "FIRST_BLOCK", 128)
    monkeypatch.setattr(tail_mod, "MAX_BLOCK", 1024)
    rng = random.Random(seed)
    data = _random_log(rng, 600)
    p = write(tmp_path, data)
    recs = [r.timestamp_ns for r in parse_records(data)]
    lo, hi = recs[0], recs[-1]
    for _ in range(12):
        kw = {}
        if rng.random() < 0.5:
            kw["tail"] = rng.choice((0, 1, 2, 5, 50, 1000))
        if rng.random() < 0.4:
            kw["since_ns"] = rng.randint(lo, hi)
        if rng.random() < 0.4:
            kw["until_ns"] = rng.randint(lo, hi + 1)
        kw["timestamps"] = rng.random() < 0.5
        opts = LogOptions(**kw)
        merged = rng.random() < 0.3
        out = io.BytesIO()
        err = out if merged else io.BytesIO()
        stream_logs(p, opts, out, err, chunk_size=rng.choice((64, 1000, 1 << 20)))
        got = (out.getvalue(), b"" if merged else err.getvalue())
        assert got == _model(data, opts, merged), (kw, merged)


def test_block_path_is_used_and_agrees(tmp_path):
    rng = random.Random(7)
    lines = []
    for i in range(5000):
        s = b"stderr" if i % 9 == 0 else b"stdout"
        content = b"msg %d %s" % (i, bytes([rng.randrange(128, 256)]))
        lines.append(rec(T0 + i * 7919, s, b"F", content))
    data = b"".join(lines)
    p = write(tmp_path, data)
    calls = []
    originals = {name: getattr(forward_mod.Emitter, name) for name in ("_fast", "_fast_ts")}

    def spy(name):
        def wrapped(self, *a):
            r = originals[name](self, *a)
            calls.append((name, r))
            return r
        return wrapped

    for name in originals:
        setattr(forward_mod.Emitter, name, spy(name))
    try:
        for t in (False, True):
            for merged in (False, True):
                out = io.BytesIO()
                err = out if merged else io.BytesIO()
                stream_logs(p, LogOptions(timestamps=t), out, err, chunk_size=4096)
                got = (out.getvalue(), b"" if merged else err.getvalue())
                assert got == _model(data, LogOptions(timestamps=t), merged)
    finally:
        for name, fn in originals.items():
            setattr(forward_mod.Emitter, name, fn)
    assert {name for name, _ in calls} == {"_fast", "_fast_ts"}
    assert all(r for _, r in calls)


def test_log_options_normalise():
    o = LogOptions(tail="all", since_ns=datetime(1970, 1, 1, 0, 0, 1), until_ns=2.5)
    assert o.tail is None and o.since_ns == 10 ** 9 and o.until_ns == 2500000000
    assert LogOptions(tail="10").tail == 10
    with pytest.raises(ValueError):
        LogOptions(tail="ten")


def test_details_put_a_space_before_each_line_even_in_pieces():
    import io
    from dockercri.logs.api import DetailsWriter
    plain = io.BytesIO()
    writer = DetailsWriter(plain, timestamps=False)
    for piece in (b"on", b"e\n\nt", b"wo\n"):
        writer.write(piece)
    assert plain.getvalue() == b" one\n \n two\n"
    stamped = io.BytesIO()
    writer = DetailsWriter(stamped, timestamps=True)
    for piece in (b"2026-01-01T00:00:00.", b"000000001Z one\n2026-01-01T00:00:01Z ", b"\n"):
        writer.write(piece)
    assert stamped.getvalue() == (b"2026-01-01T00:00:00.000000001Z  one\n"
                                  b"2026-01-01T00:00:01Z  \n")
