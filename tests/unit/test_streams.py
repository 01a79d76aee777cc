"""The streaming protocol, the SPDY transport, the terminal handling and the session pump,
without a runtime (a fake transport, a fake SPDY server, a pseudo-terminal)."""

import json
import os
import socket
import struct
import termios
import threading
import zlib

import pytest

from dockercri.streams import protocol, pump, terminal
from dockercri.streams.transport import SpdyTransport, StreamError, open_session
from tests.conftest import run_cli

NO_RUNTIME = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///nonexistent/dockercri-test.sock",
              "HOME": "/nonexistent", "PATH": os.environ.get("PATH", "")}


# -- protocol --------------------------------------------------------------------
def test_websocket_url_and_query():
    assert protocol.websocket_url("http://127.0.0.1:1234/exec/abc") == \
        "ws://127.0.0.1:1234/exec/abc"
    assert protocol.websocket_url("https://h:1/portforward/x", "port=80") == \
        "wss://h:1/portforward/x?port=80"
    assert protocol.websocket_url("http://h/p?a=b", "port=80") == "ws://h/p?a=b&port=80"


def test_frame_and_unframe():
    assert protocol.frame(protocol.STDIN, b"hi") == b"\x00hi"
    assert protocol.unframe(b"\x01out") == (1, b"out")
    assert protocol.unframe(b"\x02") == (2, b"")
    assert protocol.unframe(b"") == (None, b"")


def test_resize_message_is_kubernetes_terminal_size():
    assert json.loads(protocol.resize_message(80, 24)) == {"Width": 80, "Height": 24}


def test_status_success_and_exit_code():
    assert protocol.parse_status(b'{"metadata":{},"status":"Success"}').exit_code == 0
    failure = json.dumps({"status": "Failure", "reason": "NonZeroExitCode",
                          "message": "command terminated with non-zero exit code",
                          "details": {"causes": [{"reason": "ExitCode", "message": "137"}]}})
    outcome = protocol.parse_status(failure.encode())
    assert outcome.exit_code == 137 and not outcome.failed_to_start


def test_status_runtime_could_not_start_the_command():
    message = ('error executing command in container: failed to exec in container: failed to '
               'start exec "0123": OCI runtime exec failed: exec failed: unable to start '
               'container process: exec: "nosuchcmd": executable file not found in $PATH: '
               'unknown')
    raw = json.dumps({"status": "Failure", "reason": "InternalError",
                      "message": "Internal error occurred: " + message,
                      "details": {"causes": [{"message": message}]}, "code": 500})
    outcome = protocol.parse_status(raw.encode())
    assert outcome.exit_code is None and outcome.failed_to_start
    assert protocol.docker_exec_failure(outcome.message) == (
        'OCI runtime exec failed: exec failed: unable to start container process: exec: '
        '"nosuchcmd": executable file not found in $PATH: unknown')


def test_status_empty_none_and_garbage():
    assert protocol.parse_status(b"").exit_code == 0
    lost = protocol.parse_status(None)
    assert lost.exit_code is None and "without a status" in lost.message
    odd = protocol.parse_status(b"not json")
    assert odd.exit_code is None and odd.message == "not json"


def test_port_prefix_round_trip():
    assert protocol.port_prefix(80) == b"\x50\x00"
    assert protocol.read_port_prefix(b"\x50\x00data") == (80, b"data")
    assert protocol.read_port_prefix(b"\x50") == (None, b"\x50")


# -- detach keys -----------------------------------------------------------------
@pytest.mark.parametrize("chunks, sent, detached", [
    ([b"ls\r"], b"ls\r", False),
    ([b"a\x10\x11b"], b"a", True),
    ([b"a\x10", b"\x11"], b"a", True),
    ([b"\x10x"], b"\x10x", False),
    ([b"\x10\x10\x11"], b"\x10", True),
    ([b"\x11"], b"\x11", False),
    ([b"\x10"], b"", False),
])
def test_detach_scanner(chunks, sent, detached):
    scanner = terminal.DetachScanner()
    out, found = b"", False
    for chunk in chunks:
        data, found = scanner.feed(chunk)
        out += data
        if found:
            break
    assert (out, found) == (sent, detached)


def test_detach_scanner_releases_held_bytes_at_the_end():
    scanner = terminal.DetachScanner()
    assert scanner.feed(b"x\x10") == (b"x", False)
    assert scanner.flush() == b"\x10"


# -- raw mode --------------------------------------------------------------------
def _lflag(fd):
    return termios.tcgetattr(fd)[3]


def test_raw_mode_is_restored_on_exception():
    master, slave = os.openpty()
    try:
        before = termios.tcgetattr(slave)
        with pytest.raises(KeyboardInterrupt):
            with terminal.RawMode(slave):
                assert not _lflag(slave) & termios.ICANON
                assert not _lflag(slave) & termios.ECHO
                raise KeyboardInterrupt
        assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)


def test_raw_mode_does_nothing_on_a_pipe():
    read, write = os.pipe()
    try:
        with terminal.RawMode(read) as raw:
            assert not raw.enabled
    finally:
        os.close(read)
        os.close(write)


def test_terminal_size_of_a_pty():
    master, slave = os.openpty()
    try:
        termios.tcsetwinsize(slave, (33, 111)) if hasattr(termios, "tcsetwinsize") else \
            __import__("fcntl").ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 33, 111, 0, 0))
        assert terminal.size(slave) == (111, 33)
    finally:
        os.close(master)
        os.close(slave)


# -- the pump, against a fake transport ---------------------------------------------
class FakeTransport:
    """Plays back server messages; records what the client sends."""

    def __init__(self, messages, half_close=True, wait_for_stdin_end=False, hold=False):
        self.messages = list(messages)
        self.hold = hold
        self.half_close = half_close
        self.sent = []
        self.resizes = []
        self.stdin_closed = threading.Event()
        self.closed = threading.Event()
        self.wait_for_stdin_end = wait_for_stdin_end

    def send(self, channel, data):
        self.sent.append((channel, bytes(data)))

    def close_stdin(self):
        self.stdin_closed.set()
        if not self.half_close:
            self.close()

    def resize(self, width, height):
        self.resizes.append((width, height))

    def recv(self):
        if self.wait_for_stdin_end:
            self.stdin_closed.wait(5)
            self.wait_for_stdin_end = False
        if self.messages:
            return self.messages.pop(0)
        if self.hold:
            self.closed.wait(5)
        return None

    def close(self):
        self.closed.set()


def _collect():
    chunks = []
    return chunks, chunks.append


def test_pump_keeps_stdout_and_stderr_apart_and_reads_the_exit_code():
    status = json.dumps({"status": "Failure", "reason": "NonZeroExitCode",
                         "details": {"causes": [{"reason": "ExitCode", "message": "5"}]}})
    transport = FakeTransport([(1, b""), (1, b"out\n"), (2, b"err\n"), (3, status.encode())])
    out, out_write = _collect()
    err, err_write = _collect()
    result = pump.run(transport, stdout=out_write, stderr=err_write)
    assert b"".join(out) == b"out\n" and b"".join(err) == b"err\n"
    assert result.outcome.exit_code == 5 and transport.closed.is_set()


def test_pump_sends_stdin_then_its_end_and_keeps_reading():
    read, write = os.pipe()
    os.write(write, b"hello\n")
    os.close(write)
    transport = FakeTransport([(1, b"hello\n"), (3, b'{"status":"Success"}')],
                              wait_for_stdin_end=True)
    out, out_write = _collect()
    try:
        result = pump.run(transport, stdin=read, stdout=out_write, stderr=out_write)
    finally:
        os.close(read)
    assert transport.sent == [(protocol.STDIN, b"hello\n")]
    assert transport.stdin_closed.is_set()
    assert b"".join(out) == b"hello\n" and result.outcome.exit_code == 0


def test_pump_detaches_on_ctrl_p_ctrl_q_and_restores_the_terminal():
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)
    transport = FakeTransport([(1, b"")], hold=True)
    try:
        result = pump.run(transport, stdin=slave, stdout=lambda data: None, tty=True,
                          detach_keys=True, on_ready=lambda: os.write(master, b"ls\r\x10\x11"))
        assert result.detached and transport.closed.is_set()
        assert transport.sent == [(protocol.STDIN, b"ls\r")]
        assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)


def test_pump_sends_the_terminal_size_first():
    master, slave = os.openpty()
    import fcntl
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    transport = FakeTransport([(3, b'{"status":"Success"}')])
    try:
        pump.run(transport, stdin=None, stdout=lambda data: None, tty=True)
    finally:
        os.close(master)
        os.close(slave)
    # stdin is None: the size comes from stdout/stderr when they are terminals, else none
    assert transport.resizes in ([], [(120, 40)])


def test_pump_lost_connection_has_no_exit_code():
    transport = FakeTransport([(1, b"partial")])
    result = pump.run(transport, stdout=lambda data: None)
    assert result.outcome.exit_code is None


def test_pump_restores_terminal_when_interrupted():
    master, slave = os.openpty()
    before = termios.tcgetattr(slave)

    class Interrupting(FakeTransport):
        def resize(self, width, height):
            raise KeyboardInterrupt

        def send(self, channel, data):
            raise KeyboardInterrupt

    import fcntl
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    transport = Interrupting([], hold=True)
    try:
        pump.run(transport, stdin=slave, stdout=lambda data: None, tty=True,
                 on_ready=lambda: os.write(master, b"x"))
    except KeyboardInterrupt:
        pass
    try:
        assert termios.tcgetattr(slave) == before
        assert transport.closed.is_set()
    finally:
        os.close(master)
        os.close(slave)


def test_byte_writer_on_a_text_stream_without_a_file():
    import io
    raw = io.BytesIO()
    text = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    text.write("before ")
    pump.byte_writer(text)(b"after")
    assert raw.getvalue() == b"before after"


# -- SPDY, against a fake streaming server ----------------------------------------------
class FakeSpdyServer:
    """Accepts one upgrade, reads the client's streams, answers as the runtime would."""

    def __init__(self, reply_data):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.reply_data = reply_data
        self.request = b""
        self.streams = {}
        self.received = {}
        self.fin = set()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def _read(self, conn, count):
        data = b""
        while len(data) < count:
            chunk = conn.recv(count - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def serve(self):
        conn, _ = self.listener.accept()
        with conn:
            while b"\r\n\r\n" not in self.request:
                self.request += conn.recv(4096)
            conn.sendall(b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                         b"Upgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: "
                         b"v4.channel.k8s.io\r\n\r\n")
            inflate = zlib.decompressobj()
            try:
                while True:
                    first, second = struct.unpack(">II", self._read(conn, 8))
                    payload = self._read(conn, second & 0xFFFFFF)
                    flags = second >> 24
                    if first & 0x80000000:
                        if first & 0xFFFF == 1:  # SYN_STREAM
                            stream_id = struct.unpack(">I", payload[:4])[0]
                            block = inflate.decompress(payload[10:])
                            count = struct.unpack(">I", block[:4])[0]
                            offset, headers = 4, {}
                            for _ in range(count):
                                size = struct.unpack(">I", block[offset:offset + 4])[0]
                                name = block[offset + 4:offset + 4 + size].decode()
                                offset += 4 + size
                                size = struct.unpack(">I", block[offset:offset + 4])[0]
                                headers[name] = block[offset + 4:offset + 4 + size].decode()
                                offset += 4 + size
                            self.streams[headers["streamtype"]] = stream_id
                            # a SYN_REPLY with an opaque header block, skipped by length
                            reply = struct.pack(">I", stream_id) + b"\x78\x9c\x00opaque"
                            conn.sendall(struct.pack(">HHI", 0x8003, 2, len(reply)) + reply)
                        continue
                    self.received.setdefault(first, b"")
                    self.received[first] += payload
                    if flags & 1:
                        self.fin.add(first)
                        break
                ping = struct.pack(">I", 1)
                conn.sendall(struct.pack(">HHI", 0x8003, 6, 4) + ping)
                for kind, data in self.reply_data:
                    stream_id = self.streams[kind]
                    conn.sendall(struct.pack(">II", stream_id, len(data)) + data)
                self.pong = self._read(conn, 12)
            except EOFError:
                pass


def test_spdy_transport_ends_stdin_alone_and_keeps_reading():
    server = FakeSpdyServer([("stdout", b"hello\n"), ("stderr", b"warn\n"),
                             ("error", b'{"status":"Success"}')])
    transport = SpdyTransport("http://127.0.0.1:%d/exec/token" % server.port,
                              [protocol.STDIN, protocol.STDOUT, protocol.STDERR])
    transport.send(protocol.STDIN, b"x" * 300000)
    transport.close_stdin()
    got = [transport.recv() for _ in range(3)]
    server.thread.join(5)
    transport.close()
    assert b"POST /exec/token HTTP/1.1" in server.request
    assert b"X-Stream-Protocol-Version: v4.channel.k8s.io" in server.request
    assert set(server.streams) == {"error", "stdin", "stdout", "stderr"}
    assert server.streams["error"] == 1  # the error stream first, as kubectl does
    assert server.received[server.streams["stdin"]] == b"x" * 300000
    assert server.streams["stdin"] in server.fin
    assert got == [(1, b"hello\n"), (2, b"warn\n"), (3, b'{"status":"Success"}')]
    assert server.pong[:8] == struct.pack(">HHI", 0x8003, 6, 4)


def test_spdy_refused_upgrade_is_a_stream_error():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def refuse():
        conn, _ = listener.accept()
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        conn.close()
    threading.Thread(target=refuse, daemon=True).start()
    with pytest.raises(StreamError):
        SpdyTransport("http://127.0.0.1:%d/exec/x" % listener.getsockname()[1],
                      [protocol.STDIN])
    listener.close()


def test_session_transport_choice():
    # stdin without a terminal needs to end stdin alone: SPDY (connection refused here)
    with pytest.raises(StreamError):
        open_session("http://127.0.0.1:9/exec/x", stdin=True, stdout=True, stderr=True,
                     tty=False)


# -- planners and refusals (no runtime needed) -----------------------------------------------
def _explain(*argv):
    return run_cli(["explain"] + list(argv), environ=NO_RUNTIME)


def test_explain_exec_shows_exec_stream_and_crictl():
    result = _explain("exec", "-i", "web", "sh", "-c", "echo hi")
    assert result.code == 0
    assert "RuntimeService.Exec" in result.out and "SPDY/3.1" in result.out
    assert "crictl exec -i web sh -c 'echo hi'" in result.out
    tty = _explain("exec", "-t", "web", "top")
    assert '"stdin": true' in tty.out and "WebSocket, subprotocol v4.channel.k8s.io" in tty.out


@pytest.mark.parametrize("flag", [["-u", "0"], ["--privileged"],
                                  ["-d"], ["--detach-keys", "ctrl-x"]])
def test_exec_refuses_what_cri_cannot_carry(flag):
    result = run_cli(["exec"] + flag + ["web", "true"], environ=NO_RUNTIME)
    assert result.code == 125
    assert flag[0].lstrip("-") in result.err or flag[0] in result.err


def test_exec_env_and_workdir_become_the_command_that_runs():
    from dockercri.plan.streams import WORKDIR_SCRIPT, exec_command
    assert exec_command(["id"], ("A=1", "B=x y"), None) == (["env", "A=1", "B=x y", "id"],
                                                             ("env",))
    assert exec_command(["pwd"], (), "/srv") == (["sh", "-c", WORKDIR_SCRIPT, "sh", "/srv",
                                                  "pwd"], ("sh",))
    both, helpers = exec_command(["true"], ("A=1",), "/srv")
    assert both == ["sh", "-c", WORKDIR_SCRIPT, "sh", "/srv", "env", "A=1", "true"]
    assert helpers == ("sh", "env")
    # a bare KEY this shell lacks is left out, as docker leaves it out
    assert exec_command(["true"], ("SURELY_UNSET_HERE_12345",), None) == (["true"], ())


def test_explain_exec_d_says_it_is_refused():
    result = _explain("exec", "-d", "web", "true")
    assert "refuse" in result.out.lower() and "--detach" in result.out


def test_attach_accepts_sig_proxy_either_way():
    # true is docker's default; false asks for what CRI does anyway (no signals carried)
    assert "Not possible over CRI" not in _explain("attach", "--sig-proxy=false", "web").out
    assert "Not possible over CRI" not in _explain("attach", "--sig-proxy=true", "web").out
    out = _explain("attach", "--no-stdin", "web").out
    assert "RuntimeService.Attach" in out and '"stdin": false' in out


def test_explain_port_forward():
    out = _explain("port-forward", "mypod", "8080:80", "9090").out
    assert "RuntimeService.PortForward" in out and "127.0.0.1:8080" in out
    assert "crictl port-forward mypod 8080:80 9090" in out


def test_port_specs():
    from dockercri.errors import DockerCLIError
    from dockercri.plan.streams import parse_port_specs

    assert parse_port_specs(["8080:80", "90", ":70"]) == [(8080, 80), (90, 90), (0, 70)]
    for bad in (["x:80"], ["80:0"], ["70000:80"], []):
        with pytest.raises(DockerCLIError):
            parse_port_specs(bad)


def test_streams_do_not_import_websocket_for_explain():
    import subprocess
    import sys
    code = ("import sys; from tests.conftest import run_cli; "
            "run_cli(['explain', 'exec', '-it', 'web', 'sh']); "
            "print('websocket' in sys.modules, 'grpc' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.dirname(
                             os.path.abspath(__file__)))),
                         env=dict(os.environ, **NO_RUNTIME)).stdout
    assert out.strip().splitlines()[-1] == "False False"


# -- run -it: the log's beginning, then the attach without repeats ------------------------------
def _merge(log, chunks, finish=True):
    from dockercri.node.foreground import LogThenAttach as _LogThenAttach
    out = []
    merged = _LogThenAttach(lambda: log, out.append)
    for chunk in chunks:
        merged(chunk)
    if finish:
        merged.finish()
    return b"".join(out)


@pytest.mark.parametrize("log, chunks, expected", [
    (b"", [b"hello\r\n"], b"hello\r\n"),
    (b"line0\r\nline1\r\n", [b"line2\r\n"], b"line0\r\nline1\r\nline2\r\n"),
    (b"line0\r\nline1\r\nline2\r\n", [b"ne1\r\nline2\r\nline3\r\n"],
     b"line0\r\nline1\r\nline2\r\nline3\r\n"),
    (b"line0\r\nline1\r\nline2\r\n", [b"ne1\r\n", b"line2\r\n", b"line3\r\n"],
     b"line0\r\nline1\r\nline2\r\nline3\r\n"),
    (b"aa\r\nbbbb\r\n", [b"bbbb\r"], b"aa\r\nbbbb\r\n"),  # all of it was in the log already
    (b"hello\r\n", [b"\r/ # \x1b[J"], b"hello\r\n\r/ # \x1b[J"),
])
def test_log_then_attach(log, chunks, expected):
    assert _merge(log, chunks) == expected


def test_log_then_attach_prints_the_log_when_the_attach_stays_quiet():
    from dockercri.node.foreground import LogThenAttach as _LogThenAttach
    out = []
    merged = _LogThenAttach(lambda: b"before\r\n", out.append)
    deadline = __import__("time").time() + 5
    while not out and __import__("time").time() < deadline:
        __import__("time").sleep(0.05)
    assert out == [b"before\r\n"]
    merged(b"typed")
    merged.finish()
    assert b"".join(out) == b"before\r\ntyped"
