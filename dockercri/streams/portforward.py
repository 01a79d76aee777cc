"""Local ports carried to a pod's ports over the runtime's streaming server.

Each local port listens on 127.0.0.1. Every connection accepted gets a
PortForward URL of its own (the streaming server's URLs serve one session
each) and a WebSocket on it (`?port=REMOTE`, subprotocol v4.channel.k8s.io):
channel 0 carries the data both ways, channel 1 the server's errors, and the
server starts each channel with the port number (2 bytes, little-endian).

v4 cannot end one direction alone, so when the local client closes its side
the whole forwarded connection is closed; when the pod's side closes, the
local connection is closed.
"""

import selectors
import socket
import sys
import threading

from dockercri.streams import protocol
from dockercri.streams.transport import StreamError, WebSocketTransport

_CHUNK = 64 * 1024


class Forwarder:
    def __init__(self, url_for, specs, log=print, warn=None, host="127.0.0.1"):
        """url_for(remote_port) → a fresh PortForward URL; specs: [(local, remote)]."""
        self.url_for = url_for
        self.log = log
        self.warn = warn or (lambda text: sys.stderr.write(text + "\n"))
        self.host = host
        self.listeners = []
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._active = set()
        try:
            for local, remote in specs:
                listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                self.listeners.append((listener, remote))
                listener.bind((host, local))
                listener.listen(128)
        except OSError:
            self.close()
            raise
        for listener, remote in self.listeners:
            self.log("Forwarding from %s:%d -> %d" % (host, listener.getsockname()[1], remote))

    def ports(self):
        return [listener.getsockname()[1] for listener, _ in self.listeners]

    def serve(self):
        """Accept until close() or Ctrl-C."""
        selector = selectors.DefaultSelector()
        for listener, remote in self.listeners:
            listener.setblocking(False)
            selector.register(listener, selectors.EVENT_READ, remote)
        try:
            while not self._closed.is_set():
                for key, _ in selector.select(0.5):
                    try:
                        conn, _ = key.fileobj.accept()
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        if self._closed.is_set():
                            return
                        raise
                    conn.setblocking(True)
                    local = key.fileobj.getsockname()[1]
                    self.log("Handling connection for %d" % local)
                    threading.Thread(target=self._forward, args=(conn, key.data),
                                     name="dockercri-port-%d" % local, daemon=True).start()
        finally:
            selector.close()

    def _forward(self, conn, remote):
        transport = None
        with self._lock:
            self._active.add(conn)
        try:
            try:
                transport = WebSocketTransport(self.url_for(remote), query="port=%d" % remote,
                                               subprotocol=protocol.PORT_FORWARD_SUBPROTOCOL)
            except (StreamError, Exception) as error:  # noqa: BLE001 - reported, connection dropped
                self.warn("error forwarding port %d: %s" % (remote, getattr(error, "message",
                                                                            error)))
                return
            with self._lock:
                self._active.add(transport)
            downstream = threading.Thread(target=self._to_local, args=(transport, conn, remote),
                                          daemon=True)
            downstream.start()
            try:
                while True:
                    data = conn.recv(_CHUNK)
                    if not data:
                        break
                    transport.send(protocol.PORT_DATA, data)
            except (OSError, StreamError):
                pass
            transport.close()
            downstream.join(5.0)
        finally:
            if transport is not None:
                transport.close()
            _close(conn)
            with self._lock:
                self._active.discard(conn)
                self._active.discard(transport)

    def _to_local(self, transport, conn, remote):
        prefixed = set()
        errors = []
        try:
            while True:
                message = transport.recv()
                if message is None:
                    break
                channel, data = message
                if channel not in prefixed:
                    prefixed.add(channel)
                    _, data = protocol.read_port_prefix(data)
                if not data:
                    continue
                if channel == protocol.PORT_DATA:
                    conn.sendall(data)
                elif channel == protocol.PORT_ERROR:
                    errors.append(data)
        except OSError:
            pass
        finally:
            if errors:
                self.warn("error forwarding port %d: %s"
                          % (remote, b"".join(errors).decode("utf-8", "replace")))
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self._closed.set()
        for listener, _ in self.listeners:
            _close(listener)
        with self._lock:
            active = list(self._active)
        for item in active:
            if isinstance(item, socket.socket):
                try:
                    item.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            else:
                item.close()


def _close(sock):
    try:
        sock.close()
    except OSError:
        pass
