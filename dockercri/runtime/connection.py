"""One gRPC channel per endpoint, CRI v1 first, v1alpha2 when the runtime lacks v1."""

import importlib
import os

# gRPC's fork handlers restart its poller thread in a forked child; a child that then
# closes its inherited descriptors before exec (as pty and subprocess helpers do) makes
# that thread fail on a closed epoll descriptor and print an error, or abort the child.
# dockercri never uses gRPC in a forked child, so it needs none of that machinery.
# Set before the first import of grpc, which reads it once.
os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "0")

import grpc  # noqa: E402 - after the setting above

from dockercri.errors import RuntimeError_, RuntimeUnavailable

API_VERSIONS = ("v1", "v1alpha2")
_DEFAULT_CALL_TIMEOUT = 60.0
# Calls of call_many in flight at once: enough to hide each call's latency, few enough
# to stay far below any server's limit on concurrent streams.
_IN_FLIGHT = 64
# Pulls and removals of many pods can take far longer than a listing.
_SLOW_RPCS = {"PullImage": 600.0, "StopPodSandbox": 120.0, "RemovePodSandbox": 120.0,
              "StopContainer": 600.0}


def _socket_path(endpoint):
    if endpoint.startswith("unix://"):
        return endpoint[len("unix://"):]
    return None


def _modules(version):
    pb2 = importlib.import_module("dockercri._gen.%s.api_pb2" % version)
    grpc_mod = importlib.import_module("dockercri._gen.%s.api_pb2_grpc" % version)
    return pb2, grpc_mod


def to_message(message_type, request):
    """A request dict (proto field names; nested dicts, lists, enum names) as a message.

    protobuf's constructors take exactly that shape and refuse unknown fields; they
    do what json_format.ParseDict would for these dicts, without its import (5 to
    20 ms of every runtime command's start-up here).
    """
    return message_type(**request)


class CRI:
    """Calls CRI RPCs by name with dict or message requests; returns response messages."""

    def __init__(self, config):
        self.config = config
        self._channels = {}
        self._endpoint_for = {}
        self._stubs = {}
        self.version = None if config.api_version == "auto" else config.api_version

    # -- connection -------------------------------------------------------
    def endpoint(self, service):
        if service not in self._endpoint_for:
            candidates = (self.config.image_endpoints if service == "ImageService"
                          else self.config.runtime_endpoints)
            self._endpoint_for[service] = self._first_reachable(candidates)
        return self._endpoint_for[service]

    def _first_reachable(self, candidates):
        problems = []
        for endpoint in candidates:
            if endpoint in self._channels:
                return endpoint
            path = _socket_path(endpoint)
            if path is not None and not os.path.exists(path):
                problems.append(endpoint)
                continue
            if path is not None and not os.access(path, os.R_OK | os.W_OK):
                raise RuntimeUnavailable(
                    "Got permission denied while trying to connect to the CRI runtime socket at %s: "
                    "open %s: permission denied (run as root, or ask for access to the socket)"
                    % (endpoint, path))
            channel = grpc.insecure_channel(endpoint, options=[
                ("grpc.max_receive_message_length", 16 * 1024 * 1024)])
            try:
                grpc.channel_ready_future(channel).result(timeout=self.config.timeout)
            except grpc.FutureTimeoutError:
                channel.close()
                problems.append(endpoint)
                continue
            self._channels[endpoint] = channel
            return endpoint
        raise RuntimeUnavailable(
            "Cannot connect to the CRI runtime at %s. Is the container runtime running?"
            % ", ".join(problems or candidates))

    # -- calls ------------------------------------------------------------
    def call(self, rpc, request=None, timeout=None):
        """rpc is "RuntimeService.ListContainers"; request a dict (proto field names) or None."""
        service, method = rpc.split(".", 1)
        endpoint = self.endpoint(service)
        versions = (self.version,) if self.version else API_VERSIONS
        last = None
        for version in versions:
            try:
                result = self._invoke(endpoint, version, service, method, request, timeout)
            except grpc.RpcError as error:
                # Before a version is settled, UNIMPLEMENTED means "no such service" (Go
                # servers say "unknown service runtime.v1...", others "Method not found").
                if self.version is None and error.code() == grpc.StatusCode.UNIMPLEMENTED:
                    last = error
                    continue
                raise _runtime_error(error)
            self.version = version
            return result
        raise _runtime_error(last)

    def call_many(self, rpc, requests, timeout=None):
        """The same RPC once per request, many in flight at once on the one channel
        (gRPC's futures: no thread per call). Returns, in request order, each response
        or the RuntimeError_ its call ended with."""
        requests = list(requests)
        outcomes = []
        while requests and self.version is None:  # one at a time until a version is settled
            outcomes.append(self._outcome(rpc, requests.pop(0), timeout))
        if not requests:
            return outcomes
        service, method = rpc.split(".", 1)
        endpoint = self.endpoint(service)
        for start in range(0, len(requests), _IN_FLIGHT):
            pending = [self._callable(endpoint, self.version, service, method).future(
                self._message(self.version, method, request),
                timeout=self._deadline(method, timeout))
                for request in requests[start:start + _IN_FLIGHT]]
            for future in pending:
                try:
                    outcomes.append(future.result())
                except grpc.RpcError as error:
                    outcomes.append(_runtime_error(error))
        return outcomes

    def _outcome(self, rpc, request, timeout):
        try:
            return self.call(rpc, request, timeout)
        except RuntimeError_ as error:
            return error

    def _callable(self, endpoint, version, service, method):
        """The generated stub's method; stubs are made once per channel and version
        (making one registers every method of the service with the channel)."""
        key = (endpoint, version, service)
        stub = self._stubs.get(key)
        if stub is None:
            _, grpc_mod = _modules(version)
            stub = self._stubs[key] = getattr(grpc_mod, service + "Stub")(self._channels[endpoint])
        return getattr(stub, method)

    def _message(self, version, method, request):
        pb2, _ = _modules(version)
        request_type = getattr(pb2, method + "Request")
        if request is None:
            return request_type()
        if isinstance(request, dict):
            return to_message(request_type, request)
        return request

    def _deadline(self, method, timeout):
        return timeout or max(self.config.timeout, _SLOW_RPCS.get(method, _DEFAULT_CALL_TIMEOUT))

    def _invoke(self, endpoint, version, service, method, request, timeout):
        return self._callable(endpoint, version, service, method)(
            self._message(version, method, request), timeout=self._deadline(method, timeout))

    def close(self):
        for channel in self._channels.values():
            channel.close()
        self._channels.clear()
        self._stubs.clear()


def _runtime_error(error):
    code = error.code()
    details = error.details() or str(code)
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        details = "context deadline exceeded: the runtime did not answer in time"
    elif code == grpc.StatusCode.UNAVAILABLE:
        details = "the CRI runtime is not available: %s" % details
    return RuntimeError_(details, code=code.name)
