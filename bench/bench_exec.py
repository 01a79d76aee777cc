#!/usr/bin/env python3
"""Benchmark of dockercri exec over the runtime's streaming server.

Starts a busybox container on the testbed's containerd (or on the runtime
that CONTAINER_RUNTIME_ENDPOINT names), then prints medians of:

* time from the start of ``exec C echo x`` to the first byte of its output:
  in a warm process (the command's own work: ContainerStatus, Exec, connect,
  first byte), and as a whole new ``python -m dockercri`` process next to the
  start-up of a process that only imports what exec imports;
* the throughput of ``exec -i C cat`` on 100 MiB through stdin and stdout, in a
  warm process (file → /dev/null) and as a whole process fed by a pipe.

Prints figures only. The container is removed at the end.  Usage::

    python bench/bench_exec.py [--size-mib 100] [--repeat N]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def _environment():
    env = dict(os.environ)
    if not env.get("CONTAINER_RUNTIME_ENDPOINT"):
        from dockercri.testbed import Testbed
        env.update(Testbed().up().env())
    return env


def _image(env):
    registry = env.get("DOCKERCRI_TESTBED_REGISTRY", "127.0.0.1:5000")
    return "%s/library/busybox:1.35" % registry


def _cli(argv, env, stdin=None, stdout=None):
    from dockercri.cli.main import raw_main
    from dockercri.env import Environment

    null = open(os.devnull, "w")
    environment = Environment(stdout=stdout or null, stderr=null, environ=env,
                              stdin=stdin if stdin is not None else open(os.devnull, "rb"))
    return raw_main(list(argv), environment)


class _FirstByte:
    """A stdout whose first write records the time."""

    def __init__(self):
        self.at = None
        self.buffer = self

    def write(self, data):
        if self.at is None and data:
            self.at = time.perf_counter()
        return len(data)

    def flush(self):
        pass

    def isatty(self):
        return False


def first_byte_in_process(name, env, repeat):
    times = []
    for _ in range(repeat):
        out = _FirstByte()
        start = time.perf_counter()
        code = _cli(["exec", name, "echo", "x"], env, stdout=out)
        if code != 0 or out.at is None:
            raise SystemExit("exec failed: %s" % code)
        times.append(out.at - start)
    return statistics.median(times)


def _time_to_first_byte(argv, env):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    proc.stdout.read(1)
    first = time.perf_counter() - start
    proc.stdout.read()
    proc.wait()
    return first


def first_byte_process(name, env, repeat):
    imports = ("import dockercri.cli.main, dockercri.commands.registry, "
               "dockercri.runtime.connection, dockercri.commands.streams, "
               "dockercri.streams.pump, dockercri.streams.transport, websocket; print('x')")
    exec_times = [_time_to_first_byte([sys.executable, "-m", "dockercri", "exec", name,
                                       "echo", "x"], env) for _ in range(repeat)]
    base_times = [_time_to_first_byte([sys.executable, "-c", imports], env)
                  for _ in range(repeat)]
    return statistics.median(exec_times), statistics.median(base_times)


def throughput_in_process(name, env, path, size):
    with open(path, "rb") as source, open(os.devnull, "w") as sink:
        start = time.perf_counter()
        code = _cli(["exec", "-i", name, "cat"], env, stdin=source, stdout=sink)
        elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit("exec -i cat failed: %s" % code)
    return size / elapsed / 1e6


def throughput_process(name, env, size):
    block = b"\x5a" * (1 << 20)
    proc = subprocess.Popen([sys.executable, "-m", "dockercri", "exec", "-i", name, "cat"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    received = [0]

    def drain():
        while True:
            data = proc.stdout.read1(1 << 20)
            if not data:
                break
            received[0] += len(data)

    start = time.perf_counter()
    reader = threading.Thread(target=drain)
    reader.start()
    for _ in range(size >> 20):
        proc.stdin.write(block)
    proc.stdin.close()
    reader.join()
    proc.wait()
    elapsed = time.perf_counter() - start
    if received[0] != size or proc.returncode != 0:
        raise SystemExit("exec -i cat returned %d of %d bytes, exit %s"
                         % (received[0], size, proc.returncode))
    return size / elapsed / 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mib", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    env = _environment()
    os.environ.update({key: value for key, value in env.items()
                       if key.startswith(("CONTAINER_RUNTIME", "IMAGE_SERVICE"))})
    name = "bench-exec-" + uuid.uuid4().hex[:6]
    size = args.size_mib << 20
    if _cli(["run", "-d", "--name", name, _image(env), "sleep", "3600"], env) != 0:
        raise SystemExit("could not start the benchmark container")
    try:
        _cli(["exec", name, "true"], env)  # warm: imports, channel, first Exec
        warm = first_byte_in_process(name, env, args.repeat)
        whole, startup = first_byte_process(name, env, args.repeat)
        print("exec echo: first byte, warm process (median of %d): %.1f ms"
              % (args.repeat, warm * 1000))
        print("exec echo: first byte, new process: %.1f ms; a process that only imports "
              "the same modules: %.1f ms; difference %.1f ms"
              % (whole * 1000, startup * 1000, (whole - startup) * 1000))
        with tempfile.NamedTemporaryFile(prefix="dockercri-bench-") as handle:
            block = os.urandom(1 << 20)
            for _ in range(args.size_mib):
                handle.write(block)
            handle.flush()
            rates = [throughput_in_process(name, env, handle.name, size) for _ in range(3)]
        print("exec -i cat, %d MiB file → /dev/null, warm process (median of 3): %.0f MB/s"
              % (args.size_mib, statistics.median(rates)))
        rates = [throughput_process(name, env, size) for _ in range(3)]
        print("exec -i cat, %d MiB through a new process's stdin and stdout pipes, start-up "
              "included (median of 3): %.0f MB/s" % (args.size_mib, statistics.median(rates)))
    finally:
        _cli(["rm", "-f", name], env)


if __name__ == "__main__":
    main()
