"""exec, attach, run -it/-i/-a, start -a/-i and port-forward against the testbed's containerd:
pipes for the non-terminal cases, a pseudo-terminal (pexpect) for the terminal ones."""

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIMS = (33, 111)  # rows, columns


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:6])


def cli(runtime_env, *argv, input=None, timeout=60):
    return subprocess.run([sys.executable, "-m", "dockercri"] + list(argv), env=runtime_env,
                          input=input, capture_output=True, timeout=timeout, cwd=ROOT)


def spawn(runtime_env, *argv, dimensions=DIMS):
    return pexpect.spawn(sys.executable, ["-m", "dockercri"] + list(argv), env=runtime_env,
                         dimensions=dimensions, timeout=30, cwd=ROOT)


def finish(child):
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


@pytest.fixture(scope="module")
def web(testbed, runtime_env):
    from tests.conftest import run_cli
    name = unique("streams-web")
    result = run_cli(["run", "-d", "--name", name, testbed.images["busybox"], "sleep", "3600"],
                     environ=runtime_env)
    assert result.code == 0, result
    yield name
    run_cli(["rm", "-f", name], environ=runtime_env)


@pytest.fixture
def cleanup(dcri):
    names = []
    yield names
    for name in names:
        dcri("rm", "-f", name)


# -- exec without a terminal -----------------------------------------------------------
def test_exec_keeps_stdout_and_stderr_apart_and_returns_the_exit_code(dcri, web):
    result = dcri("exec", web, "sh", "-c", "echo out; echo err >&2")
    assert (result.code, result.out, result.err) == (0, "out\n", "err\n")
    assert dcri("exec", web, "sh", "-c", "exit 5").code == 5


@pytest.mark.parametrize("tty", [False, True])
def test_exec_of_a_missing_command_is_docker_126_on_stdout(dcri, web, tty):
    result = dcri("exec", *(["-t"] if tty else []), web, "nosuchcmd")
    assert result.code == 126
    assert result.out == ('OCI runtime exec failed: exec failed: unable to start container '
                          'process: exec: "nosuchcmd": executable file not found in $PATH: '
                          'unknown\r\n')
    assert result.err == ""


def test_exec_of_a_file_that_is_not_executable(dcri, web):
    result = dcri("exec", web, "/etc/passwd")
    assert result.code == 126
    assert result.out == ('OCI runtime exec failed: exec failed: unable to start container '
                          'process: exec: "/etc/passwd": permission denied: unknown\r\n')


def test_exec_in_a_missing_or_stopped_container(dcri, testbed, cleanup):
    result = dcri("exec", "nosuch-" + uuid.uuid4().hex[:6], "true")
    assert result.code == 1 and result.err.startswith("Error: No such container: nosuch-")
    name = unique("exited")
    cleanup.append(name)
    assert dcri("run", "--name", name, testbed.images["busybox"], "true").code == 0
    full_id = dcri("inspect", "--format", "{{.Id}}", name).out.strip()
    result = dcri("exec", name, "true")
    assert (result.code, result.err) == (
        1, "Error response from daemon: Container %s is not running\n" % full_id)


def test_exec_output_comes_as_it_is_written(runtime_env, web):
    proc = subprocess.Popen([sys.executable, "-m", "dockercri", "exec", web, "sh", "-c",
                             "echo first; sleep 3; echo second"], env=runtime_env,
                            stdout=subprocess.PIPE, cwd=ROOT)
    try:
        start = time.time()
        assert proc.stdout.readline() == b"first\n"
        assert time.time() - start < 2.5
        assert proc.stdout.readline() == b"second\n"
    finally:
        proc.wait(30)


def test_exec_i_passes_stdin_and_its_end_and_keeps_the_output_after_it(runtime_env, web):
    result = cli(runtime_env, "exec", "-i", web, "sh", "-c", "cat; sleep 0.3; echo done; exit 4",
                 input=b"hello\n")
    assert (result.returncode, result.stdout) == (4, b"hello\ndone\n"), result.stderr


def test_exec_i_carries_megabytes_both_ways_intact(runtime_env, web):
    data = os.urandom(8 << 20)
    result = cli(runtime_env, "exec", "-i", web, "cat", input=data)
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256(result.stdout).hexdigest() == hashlib.sha256(data).hexdigest()


def test_exec_it_without_a_terminal_is_refused_as_docker_does(runtime_env, web):
    result = cli(runtime_env, "exec", "-it", web, "sh", input=b"")
    assert (result.returncode, result.stderr) == (1, b"the input device is not a TTY\n")


def test_exec_refuses_what_cri_cannot_carry(dcri, web):
    for flag in (["-u", "nobody"], ["--privileged"], ["-d"]):
        result = dcri("exec", *flag, web, "true")
        assert result.code == 125, (flag, result)


# -- exec with a terminal ----------------------------------------------------------------
def test_exec_it_terminal_size_resize_ctrl_c_and_exit_code(runtime_env, web):
    child = spawn(runtime_env, "exec", "-it", web, "sh")
    child.expect(r"# ")
    child.sendline("stty size")
    child.expect(r"33 111")
    child.setwinsize(40, 120)
    time.sleep(0.3)
    child.sendline("stty size")
    child.expect(r"40 120")
    child.sendline("sleep 100")
    time.sleep(0.5)
    child.sendcontrol("c")  # a character for the remote terminal: it interrupts sleep
    child.expect(r"# ", timeout=10)
    child.sendline("exit 7")
    assert finish(child) == 7


# -- the local terminal is restored on every way out ------------------------------------------
class Shell:
    """bash on a pseudo-terminal, to run dockercri in and look at the terminal afterwards."""

    def __init__(self, runtime_env):
        env = dict(runtime_env, PS1="SHELL$ ", TERM="xterm")
        self.child = pexpect.spawn("bash", ["--norc", "--noprofile"], env=env,
                                   dimensions=DIMS, timeout=30, cwd=ROOT)
        self.prompt()
        self.settings = self.stty()

    def prompt(self, timeout=30):
        self.child.expect_exact("SHELL$ ", timeout=timeout)

    def run(self, line):
        self.child.sendline(line)

    def stty(self):
        self.child.sendline("stty -g; echo END-STTY")
        self.child.expect(r"([0-9a-f]+(?::[0-9a-f]+){8,})\r\nEND-STTY")
        value = self.child.match.group(1)
        self.prompt()
        return value

    def status(self):
        self.child.sendline("echo STATUS=$?")
        self.child.expect(r"STATUS=(\d+)")
        code = int(self.child.match.group(1))
        self.prompt()
        return code

    def dockercri_pid(self):
        bash = self.child.pid
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open("/proc/%s/stat" % entry) as handle:
                        fields = handle.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == bash:
                    return int(entry)
        return None

    def close(self):
        self.child.sendline("exit")
        self.child.expect(pexpect.EOF)
        self.child.close()


@pytest.fixture
def shell(runtime_env):
    opened = Shell(runtime_env)
    yield opened
    opened.close()


def _dockercri(line):
    return "%s -m dockercri %s" % (sys.executable, line)


def test_terminal_restored_after_exit_and_detach(shell, web):
    shell.run(_dockercri("exec -it %s sh" % web))
    shell.child.expect(r"# ")
    shell.run("exit 3")
    shell.prompt()
    assert shell.status() == 3
    assert shell.stty() == shell.settings
    shell.run(_dockercri("exec -it %s sh" % web))
    shell.child.expect(r"# ")
    shell.child.sendcontrol("p")
    shell.child.sendcontrol("q")
    shell.child.expect_exact("read escape sequence")
    shell.prompt()
    assert shell.status() == 0
    assert shell.stty() == shell.settings


def test_terminal_restored_after_ctrl_c_of_a_session_without_terminal(shell, web):
    shell.run(_dockercri("exec %s sleep 100" % web))
    time.sleep(1.5)
    shell.child.sendcontrol("c")  # no -t: the local terminal turns it into SIGINT
    shell.prompt(timeout=15)
    assert shell.status() == 130
    assert shell.stty() == shell.settings


def test_terminal_restored_after_sigterm_and_after_a_lost_connection(shell, runtime_env, dcri,
                                                                     testbed, cleanup):
    shell.run(_dockercri("exec -it %s sh" % cleanup_target(dcri, testbed, cleanup)))
    shell.child.expect(r"# ")
    os.kill(shell.dockercri_pid(), signal.SIGTERM)
    shell.prompt(timeout=15)
    assert shell.status() == 130
    assert shell.stty() == shell.settings
    shell.run(_dockercri("exec -it %s sh" % cleanup[0]))
    shell.child.expect(r"# ")
    assert dcri("rm", "-f", cleanup[0]).code == 0  # the container, and so the stream, goes
    shell.prompt(timeout=30)
    shell.status()
    assert shell.stty() == shell.settings


def cleanup_target(dcri, testbed, cleanup):
    name = unique("lost")
    cleanup.append(name)
    assert dcri("run", "-d", "--name", name, testbed.images["busybox"], "sleep", "3600").code == 0
    return name


# -- run -it, run -i, run -a ---------------------------------------------------------------
def test_run_it_rm_gives_a_terminal_and_removes_the_container(runtime_env, dcri, testbed, cri):
    from tests.e2e.test_interrupts import pods_named
    name = unique("runit")
    child = spawn(runtime_env, "run", "-it", "--rm", "--name", name, testbed.images["busybox"],
                  "sh")
    try:
        child.expect(r"# ")  # printed before the attach; redrawn by the first resize
        child.sendline("stty size; tty")
        child.expect(r"33 111")
        child.expect(r"/dev/pts/\d+")
        child.sendline("exit 3")
        assert finish(child) == 3
        assert pods_named(cri, name) == []
    finally:
        dcri("rm", "-f", name)


def test_run_i_pipes_stdin(runtime_env, testbed, cri):
    from tests.e2e.test_interrupts import pods_named
    name = unique("runi")
    result = cli(runtime_env, "run", "-i", "--rm", "--name", name, testbed.images["busybox"],
                 "cat", input=b"hi\n")
    assert (result.returncode, result.stdout) == (0, b"hi\n"), result.stderr
    result = cli(runtime_env, "run", "-i", "--rm", testbed.images["busybox"], "sh", "-c",
                 "echo start; cat; echo err >&2; exit 3", input=b"line\n")
    assert (result.returncode, result.stdout, result.stderr) == (3, b"start\nline\n", b"err\n")
    assert pods_named(cri, name) == []


def test_run_a_chooses_the_streams(dcri, testbed):
    result = dcri("run", "--rm", "-a", "stderr", testbed.images["busybox"], "sh", "-c",
                  "echo out; echo err >&2; exit 2")
    assert (result.code, result.out, result.err) == (2, "", "err\n")


# -- attach, start -a / -i ---------------------------------------------------------------------
def test_attach_detach_and_attach_again(runtime_env, dcri, testbed, cleanup):
    name = unique("attach")
    cleanup.append(name)
    assert dcri("run", "-d", "-it", "--name", name, testbed.images["busybox"], "sh").code == 0
    child = spawn(runtime_env, "attach", name)
    child.expect(r"# ")  # the resize at attach makes the shell redraw its prompt
    child.sendline("echo marker-$((20+3))")
    child.expect("marker-23")
    child.sendcontrol("p")
    child.sendcontrol("q")
    child.expect_exact("read escape sequence")
    assert finish(child) == 0
    assert dcri("inspect", "--format", "{{.State.Running}}", name).out.strip() == "true"
    child = spawn(runtime_env, "attach", name)
    child.expect(r"# ")
    child.sendline("exit 9")
    assert finish(child) == 9


def test_attach_to_a_stopped_container_is_refused(dcri, testbed, cleanup):
    name = unique("stopped")
    cleanup.append(name)
    assert dcri("run", "--name", name, testbed.images["busybox"], "true").code == 0
    result = dcri("attach", name)
    assert (result.code, result.err) == (1, "Error response from daemon: You cannot attach to "
                                            "a stopped container, start it first\n")


def test_attach_without_terminal_streams_output_and_returns_the_exit_code(runtime_env, dcri,
                                                                          testbed, cleanup):
    name = unique("attachnt")
    cleanup.append(name)
    assert dcri("run", "-d", "--name", name, testbed.images["busybox"], "sh", "-c",
                "sleep 1; echo out; echo err >&2; exit 6").code == 0
    result = cli(runtime_env, "attach", name)
    assert (result.returncode, result.stdout, result.stderr) == (6, b"out\n", b"err\n")


def test_start_ai_and_start_a(runtime_env, dcri, testbed, cleanup):
    name = unique("startai")
    cleanup.append(name)
    assert dcri("create", "-it", "--name", name, testbed.images["busybox"], "sh").code == 0
    child = spawn(runtime_env, "start", "-ai", name)
    child.expect(r"# ")
    child.sendline("exit 11")
    assert finish(child) == 11
    other = unique("starta")
    cleanup.append(other)
    assert dcri("create", "--name", other, testbed.images["busybox"], "sh", "-c",
                "echo a; echo b >&2; exit 2").code == 0
    result = dcri("start", "-a", other)
    assert (result.code, result.out, result.err) == (2, "a\n", "b\n")


# -- port-forward ------------------------------------------------------------------------------
def _get(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/index.html" % port, timeout=20) as response:
        return response.read()


def test_port_forward_carries_http_in_sequence_and_in_parallel(runtime_env, dcri, testbed,
                                                               cleanup):
    name = unique("pfweb")
    cleanup.append(name)
    assert dcri("run", "-d", "--name", name, testbed.images["busybox"], "sh", "-c",
                "echo hello-from-pod > /index.html && exec httpd -f -p 80 -h /").code == 0
    proc = subprocess.Popen([sys.executable, "-m", "dockercri", "port-forward", name, ":80"],
                            env=runtime_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=ROOT)
    lines = []
    try:
        first = proc.stdout.readline().decode()
        match = re.match(r"Forwarding from 127\.0\.0\.1:(\d+) -> 80$", first.strip())
        assert match, first
        port = int(match.group(1))
        drain = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
        drain.start()
        deadline = time.time() + 20
        while True:  # httpd may need a moment to listen
            try:
                assert _get(port) == b"hello-from-pod\n"
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        for _ in range(10):
            assert _get(port) == b"hello-from-pod\n"
        with ThreadPoolExecutor(max_workers=12) as pool:
            assert list(pool.map(lambda _: _get(port), range(24))) == [b"hello-from-pod\n"] * 24
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0
    assert b"Traceback" not in proc.stderr.read()
    assert sum(1 for line in lines if line.startswith(b"Handling connection for")) >= 35


def test_port_forward_to_a_missing_pod(runtime_env):
    result = cli(runtime_env, "port-forward", "nosuchpod-" + uuid.uuid4().hex[:6], "8080:80")
    assert result.returncode == 1 and b"nosuchpod" in result.stderr


def test_exec_env_and_workdir_run_through_env_and_sh(dcri, testbed, cleanup):
    """CRI's Exec has no environment or working directory: dockercri runs the command as
    `env K=V ... CMD` inside `sh -c 'cd DIR ...'`, as explain says."""
    name = cleanup_target(dcri, testbed, cleanup)
    result = dcri("exec", "-e", "A=1", "-e", "B=two words", "-w", "/etc", name,
                  "sh", "-c", 'echo "$A|$B|$(pwd)"')
    assert (result.code, result.out) == (0, "1|two words|/etc\n"), result
    missing = dcri("exec", "-w", "/nonexistent", name, "pwd")
    assert missing.code == 126, missing
    explained = dcri("explain", "exec", "-e", "A=1", "-w", "/etc", name, "pwd")
    assert '"sh",\n' in explained.out and '"env",\n' in explained.out and '"A=1"' in explained.out
