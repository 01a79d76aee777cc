"""Connections to the runtime's streaming server.

Both transports offer the same small interface, used by `pump` and `portforward`:

    send(channel, data)   bytes to the remote process (channel 0) or a resize (4)
    close_stdin()         the end of stdin
    recv()                (channel, data), or None once the server is done
    close()               end the session (safe from any thread, more than once)

`WebSocketTransport` is the default. Its subprotocol, v4.channel.k8s.io, has no
way to end stdin alone: closing the WebSocket ends the session, and output the
process writes after that, and its exit status, are lost. So where stdin is
attached without a terminal (`exec -i` fed from a pipe or a file), dockercri
opens the same URL with `SpdyTransport`: SPDY/3.1 carries each channel as a
stream of its own and ends stdin with a FIN flag while stdout, stderr and the
status keep coming. That is the transport crictl and kubectl use for exec; the
streaming server speaks both.
"""

import socket
import ssl
import struct
import threading
import zlib
from urllib.parse import urlsplit

from dockercri.streams import protocol

CONNECT_TIMEOUT = 30.0


class StreamError(Exception):
    """The streaming server could not be reached or broke the protocol."""


def _ssl_context():
    # The runtime's streaming server (containerd's enable_tls_streaming) uses a
    # certificate it makes itself at start-up, for a URL it has just handed to
    # this client over the runtime's own socket: there is nothing to verify it against.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class WebSocketTransport:
    half_close = False

    def __init__(self, url, query=None, subprotocol=protocol.SUBPROTOCOL,
                 timeout=CONNECT_TIMEOUT):
        import websocket  # imported on use: start-up cost of every other command

        self._closed = False
        self._ws = websocket.WebSocket(skip_utf8_validation=True, enable_multithread=True,
                                       sslopt={"cert_reqs": ssl.CERT_NONE,
                                               "check_hostname": False})
        try:
            self._ws.connect(protocol.websocket_url(url, query), subprotocols=[subprotocol],
                             timeout=timeout, suppress_origin=True)
        except (OSError, websocket.WebSocketException) as error:
            raise StreamError("cannot connect to the runtime's streaming server at %s: %s"
                              % (url, error))
        self._ws.settimeout(None)
        if self._ws.sock is not None:
            self._ws.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._websocket = websocket

    def send(self, channel, data):
        try:
            self._ws.send_bytes(protocol.frame(channel, data))
        except (OSError, self._websocket.WebSocketException) as error:
            raise StreamError("lost the connection to the runtime: %s" % error)

    def close_stdin(self):
        """v4 cannot end stdin alone: the whole session ends (see the module's note)."""
        self.close()

    def resize(self, width, height):
        self.send(protocol.RESIZE, protocol.resize_message(width, height))

    def recv(self):
        ws = self._websocket
        while True:
            try:
                opcode, data = self._ws.recv_data()
            except (OSError, ws.WebSocketException, AttributeError, ValueError):
                return None
            if opcode == ws.ABNF.OPCODE_CLOSE:
                self.close()
                return None
            if opcode in (ws.ABNF.OPCODE_BINARY, ws.ABNF.OPCODE_TEXT):
                channel, payload = protocol.unframe(data)
                if channel is None:
                    continue
                return channel, payload

    def close(self):
        if self._closed:
            return
        self._closed = True
        sock = self._ws.sock
        try:
            self._ws.close(timeout=0.2)
        except Exception:  # noqa: BLE001 - closing a broken connection
            pass
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


# -- SPDY/3.1 ------------------------------------------------------------------
# Frames (draft 3.1): a control frame is
#   1 bit 1 | 15 bits version (3) | 16 bits type | 8 bits flags | 24 bits length | data
# a data frame
#   1 bit 0 | 31 bits stream id | 8 bits flags | 24 bits length | data.
# Header blocks are zlib-compressed in one stream per direction. The server
# compresses with SPDY's preset dictionary; dockercri never needs to read the
# server's header blocks (the replies carry none that matter), so it skips them
# by length, and compresses its own without a preset dictionary, which zlib's
# reader accepts (the dictionary applies only when a stream's header says so).
_SPDY_VERSION = 3
_SYN_STREAM, _SYN_REPLY, _RST_STREAM, _SETTINGS, _PING, _GOAWAY, _HEADERS, _WINDOW_UPDATE = (
    1, 2, 3, 4, 6, 7, 8, 9)
_FLAG_FIN = 0x01
_MAX_DATA = 256 * 1024


class SpdyTransport:
    half_close = True

    def __init__(self, url, channels, timeout=CONNECT_TIMEOUT):
        """channels: the protocol channels this session has (error is always added)."""
        parts = urlsplit(url)
        secure = parts.scheme in ("https", "wss")
        port = parts.port or (443 if secure else 80)
        self._closed = False
        self._write_lock = threading.Lock()
        self._compress = zlib.compressobj()
        try:
            sock = socket.create_connection((parts.hostname, port), timeout=timeout)
            if secure:
                sock = _ssl_context().wrap_socket(sock, server_hostname=parts.hostname)
        except OSError as error:
            raise StreamError("cannot connect to the runtime's streaming server at %s: %s"
                              % (url, error))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self._rfile = sock.makefile("rb", buffering=256 * 1024)
        path = parts.path + ("?" + parts.query if parts.query else "")
        try:
            self._handshake(parts.netloc, path)
        except (OSError, StreamError) as error:
            self.close()
            raise StreamError("cannot open a stream on the runtime's streaming server at "
                              "%s: %s" % (url, error))
        sock.settimeout(None)
        self._stream_of = {}
        self._channel_of = {}
        wanted = [protocol.ERROR] + [c for c in channels if c != protocol.ERROR]
        for index, channel in enumerate(wanted):
            stream_id = 1 + 2 * index
            self._stream_of[channel] = stream_id
            self._channel_of[stream_id] = channel
            self._syn_stream(stream_id, {"streamtype": protocol.CHANNEL_NAMES[channel]})

    # -- handshake and frames ---------------------------------------------
    def _handshake(self, host, path):
        request = ("POST %s HTTP/1.1\r\nHost: %s\r\nConnection: Upgrade\r\n"
                   "Upgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: %s\r\n"
                   "Content-Length: 0\r\n\r\n" % (path, host, protocol.SUBPROTOCOL))
        self._sock.sendall(request.encode("latin-1"))
        status = self._rfile.readline(65536).decode("latin-1").strip()
        headers = {}
        while True:
            line = self._rfile.readline(65536)
            if not line:
                raise StreamError("the server closed the connection during the handshake")
            line = line.decode("latin-1").strip()
            if not line:
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if " 101 " not in status + " ":
            raise StreamError("the server refused the upgrade: %s" % status)
        if headers.get("x-stream-protocol-version", protocol.SUBPROTOCOL) != protocol.SUBPROTOCOL:
            raise StreamError("the server chose protocol %s"
                              % headers.get("x-stream-protocol-version"))

    def _header_block(self, headers):
        block = struct.pack(">I", len(headers))
        for name, value in headers.items():
            name, value = name.encode(), value.encode()
            block += struct.pack(">I", len(name)) + name + struct.pack(">I", len(value)) + value
        return self._compress.compress(block) + self._compress.flush(zlib.Z_SYNC_FLUSH)

    def _control(self, kind, flags, payload):
        return struct.pack(">HHI", 0x8000 | _SPDY_VERSION, kind,
                           (flags << 24) | len(payload)) + payload

    def _write(self, data):
        with self._write_lock:
            if self._closed:
                raise StreamError("the stream is closed")
            try:
                self._sock.sendall(data)
            except OSError as error:
                raise StreamError("lost the connection to the runtime: %s" % error)

    def _syn_stream(self, stream_id, headers):
        with self._write_lock:
            payload = struct.pack(">IIH", stream_id, 0, 0) + self._header_block(headers)
            self._sock.sendall(self._control(_SYN_STREAM, 0, payload))

    def _data(self, stream_id, data, fin=False):
        view = memoryview(data)
        if not len(view):
            self._write(struct.pack(">II", stream_id, ((_FLAG_FIN if fin else 0) << 24)))
            return
        for start in range(0, len(view), _MAX_DATA):
            chunk = view[start:start + _MAX_DATA]
            last = fin and start + _MAX_DATA >= len(view)
            self._write(struct.pack(">II", stream_id, ((_FLAG_FIN if last else 0) << 24)
                                    | len(chunk)) + bytes(chunk))

    # -- the transport interface --------------------------------------------
    def send(self, channel, data):
        self._data(self._stream_of[channel], data)

    def close_stdin(self):
        if protocol.STDIN in self._stream_of:
            try:
                self._data(self._stream_of[protocol.STDIN], b"", fin=True)
            except StreamError:
                pass

    def resize(self, width, height):
        if protocol.RESIZE in self._stream_of:
            self.send(protocol.RESIZE, protocol.resize_message(width, height))

    def _read_exactly(self, count):
        data = self._rfile.read(count)
        if data is None or len(data) < count:
            raise EOFError
        return data

    def recv(self):
        try:
            while True:
                first, second = struct.unpack(">II", self._read_exactly(8))
                length = second & 0xFFFFFF
                payload = self._read_exactly(length) if length else b""
                if first & 0x80000000:
                    kind = first & 0xFFFF
                    if kind == _PING:
                        self._write(self._control(_PING, 0, payload))
                    elif kind == _GOAWAY:
                        continue  # the server closes the connection next
                    continue  # SYN_REPLY, RST_STREAM, SETTINGS, WINDOW_UPDATE, HEADERS
                channel = self._channel_of.get(first & 0x7FFFFFFF)
                if channel is not None and payload:
                    return channel, payload
        except (EOFError, OSError, ValueError, StreamError):
            return None

    def close(self):
        with self._write_lock:
            if self._closed:
                return
            self._closed = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self._sock.close()
        except OSError:
            pass


def open_session(url, stdin, stdout, stderr, tty):
    """The transport a remote-command session needs (see the module's note)."""
    if stdin and not tty:
        channels = [protocol.STDIN]
        if stdout:
            channels.append(protocol.STDOUT)
        if stderr:
            channels.append(protocol.STDERR)
        return SpdyTransport(url, channels)
    return WebSocketTransport(url)
