#!/usr/bin/env python3
"""Benchmark of dockercri.logs on CRI log files.

Generates a large CRI log (1 GiB by default) and a 1 KiB one, then prints
medians over repeated runs:

* ``tail 10`` on the large log and on the small one (in process, and as
  a whole Python process importing dockercri.logs);
* ``since`` set to the middle of the large log (in process);
* a full read of the large log written to /dev/null (stdout and stderr
  both there, so lines keep their order), in MB/s, plain and with
  timestamps, and to two separate writers; each in a fresh process, with
  its peak RSS.

Prints figures only.  Usage::

    python bench/bench_logs.py [--dir DIR] [--size-mib 1024] [--repeat N] [--keep]
"""

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from dockercri.logs import LogOptions, parse_line, write_logs  # noqa: E402

_WORDS = [b"GET", b"POST", b"/api/v1/items", b"/healthz", b"200", b"404", b"ok",
          b"latency=12ms", b"user=42", b"INFO", b"DEBUG", b"WARN", b"request",
          b"handled", b"connection", b"from", b"10.0.3.17:53412", b"id=9f2c1e",
          b"bytes=5120", b"cache", b"miss", b"hit", b"\xc3\xa9t\xc3\xa9", b"\xff\xfe"]

BASE_SECOND = 1795728135  # 2026-11-26T21:22:15Z
PARTIAL_EVERY = 2000      # one long line split into P records per this many lines
PARTIAL_MAX = 16 << 10    # record size of the split (as containerd does)


def _fmt_go(sec, ns):
    """RFC3339Nano as Go formats it (trailing zeros of the fraction trimmed)."""
    ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
    frac = ("%09d" % ns).rstrip("0")
    return (ts + ("." + frac if frac else "") + "Z").encode()


def _second_block(rng, target=1 << 20):
    """Records of one second (about `target` bytes), stamped BASE_SECOND."""
    lines = []
    nlines = target // 98
    fracs = sorted(rng.randrange(10 ** 9) for _ in range(nlines))
    # Go trims zeros: make some fractions shorter, as in real logs.
    for i in range(0, len(fracs), 10):
        fracs[i] = fracs[i] // 10 * 10
    for i, ns in enumerate(fracs):
        ts = _fmt_go(BASE_SECOND, ns)
        stream = b"stderr" if rng.random() < 0.1 else b"stdout"
        if i % PARTIAL_EVERY == PARTIAL_EVERY - 1:
            content = bytes(rng.randrange(97, 123) for _ in range(40)) * 1000
            while len(content) > PARTIAL_MAX:
                lines.append(b"%s %s P %s\n" % (ts, stream, content[:PARTIAL_MAX]))
                content = content[PARTIAL_MAX:]
            lines.append(b"%s %s F %s\n" % (ts, stream, content))
            continue
        content = b" ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 16)))
        lines.append(b"%s %s F %s\n" % (ts, stream, content))
    return b"".join(lines)


def generate(path, size):
    """Write a CRI log of at least `size` bytes; one second per block."""
    rng = random.Random(1)
    block = _second_block(rng)
    old = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(BASE_SECOND)).encode()
    written = 0
    sec = BASE_SECOND
    with open(path, "wb") as f:
        while written < size:
            new = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)).encode()
            data = block if new == old else block.replace(old, new)
            f.write(data)
            written += len(data)
            sec += 1
    return sec


def generate_small(path):
    rng = random.Random(2)
    lines = []
    t = BASE_SECOND * 10 ** 9
    size = 0
    while True:
        t += rng.randrange(10 ** 7)
        content = b" ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 10)))
        line = b"%s stdout F %s\n" % (_fmt_go(t // 10 ** 9, t % 10 ** 9), content)
        if size + len(line) > 1024:
            break
        lines.append(line)
        size += len(line)
    with open(path, "wb") as f:
        f.write(b"".join(lines))


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


_CHILD = r"""
import os, resource, sys, time
sys.path.insert(0, sys.argv[1])
from dockercri.logs import LogOptions, write_logs
path, mode = sys.argv[2], sys.argv[3]
opts = {"plain": LogOptions(), "timestamps": LogOptions(timestamps=True),
        "separate": LogOptions(), "tail10": LogOptions(tail=10)}[mode]


class Discard:
    def write(self, b):
        return len(b)


with open(os.devnull, "wb") as out, open(os.devnull, "wb") as err:
    if mode == "separate":
        # Writers without a file descriptor: stdout and stderr kept apart.
        out, err = Discard(), Discard()
    t = time.perf_counter()
    write_logs(path, opts, out, err)
    dt = time.perf_counter() - t
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def child(path, mode):
    r = subprocess.run([sys.executable, "-c", _CHILD, ROOT, path, mode],
                       check=True, stdout=subprocess.PIPE, text=True)
    dt, rss = r.stdout.split()
    return float(dt), int(rss)


def whole_process(path, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        child(path, "tail10")
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", help="directory for the generated logs (default: a temp dir)")
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    args = ap.parse_args()

    tmp = args.dir or tempfile.mkdtemp(prefix="dockercri-bench-")
    os.makedirs(tmp, exist_ok=True)
    big = os.path.join(tmp, "big.log")
    small = os.path.join(tmp, "small.log")
    try:
        size = args.size_mib << 20
        if not (os.path.exists(big) and os.path.getsize(big) >= size):
            t = time.perf_counter()
            generate(big, size)
            print("generated %s: %.0f MiB in %.1f s" % (
                big, os.path.getsize(big) / 2 ** 20, time.perf_counter() - t))
        generate_small(small)
        big_size = os.path.getsize(big)
        # Warm the page cache so the figures measure parsing, not the disk.
        with open(big, "rb") as f:
            while f.read(8 << 20):
                pass

        devnull = open(os.devnull, "wb")
        rep = args.repeat

        for label, p in (("%d MiB" % (big_size >> 20), big), ("1 KiB", small)):
            dt = median_time(lambda: write_logs(p, LogOptions(tail=10), devnull, devnull),
                             max(rep, 20))
            print("tail 10, in process, %-9s median %8.3f ms" % (label + ":", dt * 1e3))
        for label, p in (("%d MiB" % (big_size >> 20), big), ("1 KiB", small)):
            dt = whole_process(p, rep)
            print("tail 10, whole process, %-9s median %8.1f ms" % (label + ":", dt * 1e3))
        if shutil.which("dockercri"):
            print("(a dockercri command is installed; it needs a runtime to read logs "
                  "by container, so the whole-process figure above uses python -c)")

        first = BASE_SECOND * 10 ** 9
        with open(big, "rb") as f:
            f.seek(big_size - 4096)
            last = parse_line(f.read().rstrip(b"\n").rsplit(b"\n", 1)[-1])
        mid = (first + last.timestamp_ns) // 2
        dt = median_time(lambda: write_logs(
            big, LogOptions(since_ns=mid, until_ns=mid + 10 ** 9 // 100), devnull, devnull), rep)
        print("since/until 10 ms window in the middle, in process: median %8.3f ms" % (dt * 1e3))

        labels = {"plain": "to /dev/null", "timestamps": "--timestamps to /dev/null",
                  "separate": "stdout and stderr to separate writers"}
        for mode in ("plain", "timestamps", "separate"):
            runs = [child(big, mode) for _ in range(max(1, min(rep, 3)))]
            dt = statistics.median(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            print("full read, %s: median %.2f s, %.0f MB/s, peak RSS %.1f MiB" % (
                labels[mode], dt, big_size / dt / 1e6, rss / 1024))
        print("bench process peak RSS: %.1f MiB" % (
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    finally:
        if not args.keep and not args.dir:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
