"""Streams to and from the runtime's streaming server: exec, attach, port-forward.

CRI's Exec, Attach and PortForward calls return a URL on the runtime's
streaming server. dockercri speaks the Kubernetes streaming protocol over it:

* `protocol` — channel numbers, message framing, the final status and resize
  messages, port-forward's port prefix (pure functions, no I/O);
* `transport` — the connection: WebSocket (`v4.channel.k8s.io`, through the
  websocket-client package) and, only where stdin must end while output goes
  on, SPDY/3.1, the other transport the streaming server speaks;
* `terminal` — raw mode, window size, docker's detach keys;
* `pump` — one session: local stdin/stdout/stderr against a transport;
* `portforward` — the local listener that carries each connection to a pod port.

Nothing here is imported by explain or --help, and the websocket package is
imported only when a stream is opened.
"""
