"""A gRPC server in front of the runtime that forwards every call and writes down its method.

It knows nothing of CRI's messages: requests and responses pass through as bytes, so
what it records is exactly what went over the wire, whatever the client believed it sent.
"""

import os
import tempfile
import threading
from concurrent import futures

import grpc


def _identity(data):
    return data


class RecordingProxy:
    def __init__(self, upstream):
        self.upstream = upstream              # "unix:///path/containerd.sock"
        self.calls = []                       # "RuntimeService.ListContainers", in order
        self._lock = threading.Lock()
        self._dir = tempfile.mkdtemp(prefix="dcri-proxy-")
        self.socket = os.path.join(self._dir, "cri.sock")
        self.endpoint = "unix://" + self.socket
        self._channel = grpc.insecure_channel(upstream)
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
        self._server.add_generic_rpc_handlers((_Handler(self),))
        self._server.add_insecure_port(self.endpoint)

    def start(self):
        self._server.start()
        return self

    def stop(self):
        self._server.stop(grace=None)
        self._channel.close()
        try:
            os.unlink(self.socket)
            os.rmdir(self._dir)
        except OSError:
            pass

    def take(self):
        """The calls recorded since the last take, as "Service.Method" names."""
        with self._lock:
            calls, self.calls = self.calls, []
        return calls

    def record(self, method):
        # "/runtime.v1.RuntimeService/ListContainers" → "RuntimeService.ListContainers"
        service, name = method.strip("/").split("/")
        with self._lock:
            self.calls.append("%s.%s" % (service.rsplit(".", 1)[-1], name))


class _Handler(grpc.GenericRpcHandler):
    def __init__(self, proxy):
        self.proxy = proxy

    def service(self, details):
        method = details.method
        proxy = self.proxy
        if method.endswith("/GetContainerEvents"):
            forward_stream = proxy._channel.unary_stream(
                method, request_serializer=_identity, response_deserializer=_identity)

            def streamed(request, context):
                proxy.record(method)
                yield from forward_stream(request, timeout=None)
            return grpc.unary_stream_rpc_method_handler(
                streamed, request_deserializer=_identity, response_serializer=_identity)
        forward = proxy._channel.unary_unary(
            method, request_serializer=_identity, response_deserializer=_identity)

        def unary(request, context):
            proxy.record(method)
            try:
                return forward(request, timeout=context.time_remaining())
            except grpc.RpcError as error:
                context.abort(error.code(), error.details() or "")
        return grpc.unary_unary_rpc_method_handler(
            unary, request_deserializer=_identity, response_serializer=_identity)
