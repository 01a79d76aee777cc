"""A process that has talked to the runtime can still fork and exec children.

With gRPC's fork handlers on, a child forked while gRPC's poller thread runs gets
that thread back; when the child closes its inherited descriptors before exec (pty
helpers do), the thread fails on its closed epoll descriptor, prints an error into
the child's terminal and can kill the child before it runs anything. dockercri
turns those handlers off when it loads gRPC; this runs the failing pattern many
times in a process whose environment does not set anything itself.
"""

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import os, pty, sys
    from dockercri.config import resolve
    from dockercri.runtime.connection import CRI

    cri = CRI(resolve(runtime_endpoint=sys.argv[1], environ={}))
    failures = []
    for attempt in range(int(sys.argv[2])):
        cri.call("RuntimeService.Version", {})
        pid, fd = pty.fork()
        if pid == 0:
            os.closerange(3, 4096)
            os.execv("/bin/echo", ["echo", "child-ran"])
        output = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        os.close(fd)
        _, status = os.waitpid(pid, 0)
        if output.strip() != b"child-ran" or status != 0:
            failures.append((attempt, status, output[-200:]))
    print(os.environ.get("GRPC_ENABLE_FORK_SUPPORT"))
    print(len(failures), failures[:3])
""")


def test_children_forked_after_runtime_calls_run_cleanly(testbed):
    env = {key: value for key, value in os.environ.items()
           if key != "GRPC_ENABLE_FORK_SUPPORT"}
    done = subprocess.run([sys.executable, "-c", SCRIPT, testbed.endpoint, "300"], env=env,
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    setting, failures = done.stdout.decode().splitlines()
    assert failures.startswith("0 "), failures
    assert setting == "0"
    assert b"epoll" not in done.stderr, done.stderr.decode(errors="replace")
