"""The Kubernetes streaming protocol as the runtime's streaming server speaks it.

Remote command (exec, attach), WebSocket subprotocol `v4.channel.k8s.io`:
every binary message is one channel byte followed by data.

    0 stdin   client → server
    1 stdout  server → client (the server first sends an empty message)
    2 stderr  server → client
    3 error   server → client: a Kubernetes Status JSON, once, at the end
    4 resize  client → server: {"Width": W, "Height": H}

Port forward (one port per URL, `?port=N`): channel 0 carries data both ways,
channel 1 errors from the server; the first message the server sends on each
channel is the port number, 2 bytes little-endian.

v4 has no way to end stdin alone: closing the WebSocket ends the whole
session. The SPDY transport, used where stdin must end while output goes on,
carries the same streams as separate SPDY streams, one per channel.
"""

import json
import struct

STDIN, STDOUT, STDERR, ERROR, RESIZE = 0, 1, 2, 3, 4
CHANNEL_NAMES = {STDIN: "stdin", STDOUT: "stdout", STDERR: "stderr", ERROR: "error",
                 RESIZE: "resize"}
SUBPROTOCOL = "v4.channel.k8s.io"
PORT_FORWARD_SUBPROTOCOL = "v4.channel.k8s.io"
PORT_DATA, PORT_ERROR = 0, 1

# docker's exit status when the runtime cannot start the exec'd process.
EXEC_START_FAILED = 126
_OCI_MARKER = "OCI runtime exec failed"


def websocket_url(url, query=None):
    """The streaming server hands out http(s) URLs; WebSocket wants ws(s)."""
    if url.startswith("https://"):
        url = "wss://" + url[len("https://"):]
    elif url.startswith("http://"):
        url = "ws://" + url[len("http://"):]
    if query:
        url += ("&" if "?" in url else "?") + query
    return url


def frame(channel, data=b""):
    return bytes((channel,)) + bytes(data)


def unframe(message):
    """A received message → (channel, data); an empty message → (None, b"")."""
    if not message:
        return None, b""
    return message[0], bytes(message[1:])


def resize_message(width, height):
    return json.dumps({"Width": int(width), "Height": int(height)},
                      separators=(",", ":")).encode()


class Outcome:
    """What the error channel said: exit_code (None when unknown) and the runtime's message.

    `failed_to_start` is true when the runtime could not start the process at
    all (command not found, not executable): docker's exit 126 for exec.
    """

    def __init__(self, exit_code=None, message="", failed_to_start=False):
        self.exit_code = exit_code
        self.message = message
        self.failed_to_start = failed_to_start

    def __repr__(self):
        return "Outcome(exit_code=%r, message=%r, failed_to_start=%r)" % (
            self.exit_code, self.message, self.failed_to_start)


def parse_status(raw):
    """The error channel's content (a Kubernetes Status JSON) → Outcome.

    An empty error channel means success (older servers send nothing).
    """
    if raw is None:
        return Outcome(None, "the stream ended without a status")
    text = raw.decode("utf-8", "replace").strip() if isinstance(raw, bytes) else raw.strip()
    if not text:
        return Outcome(0)
    try:
        status = json.loads(text)
    except ValueError:
        return Outcome(None, text, failed_to_start=_OCI_MARKER in text)
    if not isinstance(status, dict):
        return Outcome(None, text)
    if status.get("status") == "Success":
        return Outcome(0)
    message = status.get("message") or text
    causes = (status.get("details") or {}).get("causes") or []
    if status.get("reason") == "NonZeroExitCode":
        for cause in causes:
            if cause.get("reason") == "ExitCode":
                try:
                    return Outcome(int(cause.get("message")), message)
                except (TypeError, ValueError):
                    break
    return Outcome(None, message, failed_to_start=_OCI_MARKER in message)


def docker_exec_failure(message):
    """The runtime's wrapped error → the part docker prints, from "OCI runtime exec failed".

    containerd: `error executing command in container: failed to exec in container:
    failed to start exec "ID": OCI runtime exec failed: exec failed: ... unknown`.
    """
    index = message.find(_OCI_MARKER)
    return message[index:] if index >= 0 else message


def port_prefix(port):
    return struct.pack("<H", int(port))


def read_port_prefix(data):
    """The port the server names at the start of a channel, and what follows it."""
    if len(data) < 2:
        return None, data
    return struct.unpack("<H", data[:2])[0], data[2:]
