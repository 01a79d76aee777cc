#!/usr/bin/env python3
"""dockercri's benchmark: whole-process figures against the private containerd.

Starts the testbed, prepares the workload, and prints, for each case, the median
wall time and peak memory (RSS of the dockercri process) over repeated runs, with
min and max beside them, the target, and whether it was met. It measures; it
never fails.

    python bench/bench.py [--repeat 7] [--log-mib 1024] [--skip-big-log] [--containers-500]
                          [--full-node-only]

The full-node case makes 110 kubelet-style pods (bench/fullnode.py) and measures the
listing commands over them; where a `crictl` binary is on PATH its figure for the same
listing is measured in the same run and printed beside dockercri's.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

from dockercri.testbed import Testbed  # noqa: E402

PY = sys.executable


class Runner:
    def __init__(self, env, root=ROOT):
        self.env = env
        self.root = root  # `python -m dockercri` runs the package of this checkout

    def once(self, argv, stdout=subprocess.DEVNULL):
        """(wall seconds, peak RSS MiB, exit status) of one dockercri process. stderr goes to
        a file of its own, as on a terminal: `docker logs x >/dev/null` keeps the streams apart."""
        started = time.perf_counter()
        with tempfile.TemporaryFile() as errors:
            proc = subprocess.Popen([PY, "-m", "dockercri"] + argv, env=self.env, stdout=stdout,
                                    stderr=errors, cwd=self.root)
            _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        return elapsed, usage.ru_maxrss / 1024.0, proc.returncode

    def repeat(self, argv, count):
        runs = [self.once(argv) for _ in range(count)]
        return [r[0] for r in runs], [r[1] for r in runs]

    def repeat_beside(self, argv, count, other):
        """Runs of this checkout and of `other` taken in turns, so that both see the same
        load on a shared machine; ([seconds], [MiB]) of each."""
        mine, theirs = [], []
        for _ in range(count):
            mine.append(self.once(argv))
            if other is not None:
                theirs.append(other.once(argv))
        split = lambda runs: ([r[0] for r in runs], [r[1] for r in runs])  # noqa: E731
        return split(mine), (split(theirs) if other is not None else None)

    def ok(self, argv):
        out = subprocess.run([PY, "-m", "dockercri"] + argv, env=self.env, cwd=ROOT,
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit("bench: %s failed: %s" % (" ".join(argv), out.stderr.strip()))
        return out.stdout


ROWS = []


def report(label, values, unit, target=None, better="lower"):
    med = statistics.median(values)
    met = ""
    if target is not None:
        met = "yes" if (med < target if better == "lower" else med > target) else "NO"
    ROWS.append((label, "%.1f" % med, "%.1f" % min(values), "%.1f" % max(values), unit,
                 ("%s %.0f" % ("<" if better == "lower" else ">", target)) if target else "", met))
    print("  %-44s %8.1f %s" % (label, med, unit), flush=True)


def timed(runner, label, argv, count, target_ms=None, memory=True):
    times, peaks = runner.repeat(argv, count)
    report(label, [t * 1000 for t in times], "ms", target_ms)
    if memory:
        report(label + " (peak memory)", peaks, "MiB", 60)


def crictl_timed(endpoint, label, argv, count):
    """crictl's figure for the same listing, when a crictl binary is on PATH."""
    binary = shutil.which("crictl")
    if binary is None:
        return None
    times = []
    for _ in range(count):
        started = time.perf_counter()
        subprocess.run([binary, "--runtime-endpoint", endpoint, "--image-endpoint", endpoint]
                       + argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - started) * 1000)
    report("  crictl %s (%s)" % (" ".join(argv), label), times, "ms")
    return statistics.median(times)


def listing_cases(runner, endpoint, label, count, startup_ms, baseline=None):
    """ps -a and images beside crictl (target within 4x), the field-light listings
    beside start-up alone (target within 1.2x); with a baseline checkout, its figure
    for each case, measured in turns with this one."""
    figures = {}
    cases = ((["ps", "-a"], ["ps", "-a"], 4), (["images"], ["images"], 4),
             (["ps", "-a", "--format", "{{.Names}}"], None, None), (["ps", "-q"], None, None))
    for argv, crictl_argv, times_crictl in cases:
        (times, peaks), base = runner.repeat_beside(argv, count, baseline)
        ours = statistics.median(times) * 1000
        figures[" ".join(argv)] = ours
        target = 1.2 * startup_ms
        if crictl_argv is not None:
            theirs = crictl_timed(endpoint, label, crictl_argv, count)
            target = times_crictl * theirs if theirs else None
        report("%s (%s)" % (" ".join(argv), label), [t * 1000 for t in times], "ms", target)
        report("%s (%s, peak memory)" % (" ".join(argv), label), peaks, "MiB", 60)
        if base is not None:
            report("  baseline %s (%s)" % (" ".join(argv), label), [t * 1000 for t in base[0]],
                   "ms")
    return figures


def full_node_cases(runner, bed, image, args, startup_ms, baseline=None):
    """110 kubelet pods (about 220 rows with their sandboxes); how ps -a grows with them."""
    from fullnode import FullNode
    node = FullNode(bed.endpoint, image)
    growth = []
    try:
        for pods in (10, 110):
            node.grow(pods)
            figures = listing_cases(runner, bed.endpoint, "%d kubelet pods" % pods,
                                    args.repeat, startup_ms, baseline)
            growth.append(("%d kubelet pods" % pods, pods, figures["ps -a"]))
    finally:
        node.remove()
        node.close()
    return growth


def print_growth(growth):
    print()
    print("How ps -a grows (median ms; ms per pod or container added since the first):")
    _, first_count, first_ms = growth[0]
    for label, count, ms in growth:
        per = (ms - first_ms) / (count - first_count) if count != first_count else 0.0
        print("  %-16s %8.1f ms  %6.2f ms each" % (label, ms, per))


def make_containers(runner, image, count, prefix):
    """The workload, made four at a time (it is set-up, not a measurement)."""
    from concurrent.futures import ThreadPoolExecutor
    names = ["%s-%s" % (prefix, uuid.uuid4().hex[:8]) for _ in range(count)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda name: runner.ok(["run", "-d", "--name", name, image, "sleep",
                                              "3600"]), names))
    return names


def write_cri_log(path, size):
    """A CRI log of short lines, stdout and stderr, some split into P records."""
    line = b"2026-11-26T21:22:15.163226606Z stdout F GET /api/v1/items 200 latency=12ms user=42\n"
    partial = (b"2026-11-26T21:22:15.163226607Z stderr P first part of a long line\n"
               b"2026-11-26T21:22:15.163226608Z stderr F and its end\n")
    block = (line * 60 + partial) * 200
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            handle.write(block)
            written += len(block)


def exec_cases(runner, name, args):
    """exec's time to first byte and `exec -i cat` throughput (bench/bench_exec.py's cases)."""
    import bench_exec
    first, base = bench_exec.first_byte_process(name, runner.env, args.repeat)
    report("exec: first byte, whole process", [first * 1000], "ms")
    report("  beyond start-up (target under 150 ms)", [(first - base) * 1000], "ms", 150)
    report("exec -i cat, 100 MiB through pipes", [
        bench_exec.throughput_process(name, runner.env, 100 << 20)], "MB/s", 50, better="higher")


def log_cases(runner, image, args):
    big, small = "bench-biglog-" + uuid.uuid4().hex[:4], "bench-smalllog-" + uuid.uuid4().hex[:4]
    for name in (big, small):
        runner.ok(["run", "--name", name, image, "true"])
    import json
    paths = {name: json.loads(runner.ok(["inspect", name]))[0]["LogPath"] for name in (big, small)}
    write_cri_log(paths[big], args.log_mib * 1024 * 1024)
    write_cri_log(paths[small], 1024)
    with open(paths[small], "r+b") as handle:
        handle.truncate(1024 - (1024 % 86))
    small_times, _ = runner.repeat(["logs", "--tail", "10", small], args.repeat)
    big_times, big_peaks = runner.repeat(["logs", "--tail", "10", big], args.repeat)
    report("logs --tail 10, 1 KiB log", [t * 1000 for t in small_times], "ms")
    report("logs --tail 10, %d MiB log" % args.log_mib, [t * 1000 for t in big_times], "ms")
    report("  difference (target within 20 ms)",
           [(statistics.median(big_times) - statistics.median(small_times)) * 1000], "ms", 20)
    report("logs --tail 10 on the big log (peak memory)", big_peaks, "MiB", 60)
    size_mb = os.path.getsize(paths[big]) / 1e6
    reads, peaks = [], []
    for _ in range(max(1, args.repeat // 2)):
        elapsed, peak, _ = runner.once(["logs", big])
        reads.append(size_mb / elapsed)
        peaks.append(peak)
    report("logs (full read to /dev/null)", reads, "MB/s", 150, better="higher")
    report("logs full read (peak memory)", peaks, "MiB", 60)
    runner.ok(["rm", "-f", big, small])


def run_cases(runner, image, args):
    times = []
    names = []
    for _ in range(50):
        name = "bench-run-" + uuid.uuid4().hex[:6]
        elapsed, _, code = runner.once(["run", "-d", "--name", name, image, "sleep", "3600"])
        if code == 0:
            names.append(name)
        times.append(elapsed * 1000)
    report("run -d (50 in a row, per call)", times, "ms", 300)
    elapsed, peak, code = runner.once(["rm", "-f"] + names)
    report("rm -f of those 50 (one command)", [elapsed * 1000], "ms", 4000)
    same = "bench-same-" + uuid.uuid4().hex[:4]
    procs = [subprocess.Popen([PY, "-m", "dockercri", "run", "-d", "--name", same, image,
                               "sleep", "3600"], env=runner.env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for _ in range(20)]
    codes = [proc.wait() for proc in procs]
    report("20 concurrent run --name same: winners (target 1)", [codes.count(0)], "")
    runner.ok(["rm", "-f", same])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--log-mib", type=int, default=1024)
    parser.add_argument("--skip-big-log", action="store_true")
    parser.add_argument("--skip-run", action="store_true")
    parser.add_argument("--containers-500", action="store_true",
                        help="also measure ps and images with 500 containers (slow to set up)")
    parser.add_argument("--baseline", metavar="CHECKOUT",
                        help="also run each listing case with the dockercri of this checkout, "
                             "in turns with this one (before/after figures under equal load)")
    parser.add_argument("--full-node-only", action="store_true",
                        help="only the listing cases: 110 kubelet pods (and 500 containers "
                             "with --containers-500)")
    args = parser.parse_args()

    # An installed package has its bytecode compiled (pip does it); a checkout may not
    # (PYTHONDONTWRITEBYTECODE), and compiling on every start would be measured instead.
    for root in [ROOT] + ([args.baseline] if args.baseline else []):
        subprocess.run([PY, "-m", "compileall", "-q", os.path.join(root, "dockercri")],
                       check=False)
    bed = Testbed().up()
    env = dict(os.environ, **bed.env())
    runner = Runner(env)
    image = bed.images["busybox"]
    print("dockercri benchmark: %d runs per case, medians (min, max)" % args.repeat, flush=True)
    if not args.full_node_only:
        timed(runner, "explain run ...", ["explain", "run", "-d", "--name", "web", "-p",
                                         "8080:80", "-m", "256m", image, "httpd"],
              args.repeat, 120)
    # start-up alone: the same process start, one runtime call
    times, _ = runner.repeat(["version"], args.repeat)
    report("version (start-up and one call)", [t * 1000 for t in times], "ms")
    startup_ms = statistics.median(times) * 1000
    if not args.full_node_only:
        timed(runner, "--help", ["--help"], args.repeat)
    baseline = Runner(env, os.path.abspath(args.baseline)) if args.baseline else None
    growth = full_node_cases(runner, bed, image, args, startup_ms, baseline)
    made = make_containers(runner, image, 50, "bench-ps")
    try:
        timed(runner, "ps -a (50 containers)", ["ps", "-a"], args.repeat, 150)
        timed(runner, "images (50 containers)", ["images"], args.repeat)
        timed(runner, "inspect of one", ["inspect", made[0]], args.repeat)
        timed(runner, "inspect of 50 ids", ["inspect"] + made, args.repeat)
        if not args.full_node_only:
            exec_cases(runner, made[0], args)
        if args.containers_500:
            more = make_containers(runner, image, 450, "bench-ps500")
            try:
                figures = listing_cases(runner, bed.endpoint, "500 containers", args.repeat,
                                        startup_ms, baseline)
                growth.append(("500 containers", 500, figures["ps -a"]))
            finally:
                runner.ok(["rm", "-f"] + more)
    finally:
        runner.ok(["rm", "-f"] + made)
    print_growth(growth)
    if args.full_node_only:
        args.skip_big_log = args.skip_run = True
    if not args.skip_big_log:
        log_cases(runner, image, args)
    if not args.skip_run:
        run_cases(runner, image, args)

    print()
    header = ("case", "median", "min", "max", "unit", "target", "met")
    widths = [max(len(str(row[i])) for row in ROWS + [header]) for i in range(len(header))]
    for row in [header] + ROWS:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
    print()
    print("Import profile of a cold `ps -a` (cumulative ms, top 12):")
    profile = subprocess.run([PY, "-X", "importtime", "-m", "dockercri", "ps", "-a"], env=env,
                             cwd=ROOT, capture_output=True, text=True).stderr
    entries = []
    for line in profile.splitlines():
        if line.startswith("import time:") and "|" in line:
            parts = [p.strip() for p in line[len("import time:"):].split("|")]
            if parts[1].isdigit():
                entries.append((int(parts[1]) / 1000.0, parts[2]))
    for cumulative, module in sorted(entries, reverse=True)[:12]:
        print("  %7.1f  %s" % (cumulative, module))


if __name__ == "__main__":
    main()
