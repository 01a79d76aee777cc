"""Connecting: unreachable, unanswering and forbidden sockets; v1 → v1alpha2 fallback.

The fallback is tested against a real gRPC server that serves only runtime.v1alpha2's Version,
the way an older runtime does; the rest of the suite runs against a real containerd.
"""

import os
import socket
import subprocess
import sys
import time
from concurrent import futures

import grpc
import pytest

from dockercri import config
from dockercri.errors import RuntimeError_, RuntimeUnavailable
from dockercri.runtime.connection import CRI
from tests.conftest import run_cli


def test_missing_socket_names_every_endpoint_tried(tmp_path):
    a, b = "unix://%s/a.sock" % tmp_path, "unix://%s/b.sock" % tmp_path
    cri = CRI(config.RuntimeConfig((a, b), (a, b)))
    with pytest.raises(RuntimeUnavailable) as error:
        cri.call("RuntimeService.Version", {})
    assert error.value.message == ("Cannot connect to the CRI runtime at %s, %s. Is the container "
                                   "runtime running?" % (a, b))


def test_a_socket_that_never_answers_fails_within_the_timeout(tmp_path):
    path = str(tmp_path / "silent.sock")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(1)  # accepts at kernel level, never speaks HTTP/2
    try:
        started = time.monotonic()
        result = run_cli(["--timeout", "1s", "ps"],
                         environ={"CONTAINER_RUNTIME_ENDPOINT": "unix://" + path})
        elapsed = time.monotonic() - started
    finally:
        listener.close()
    assert result.code == 1
    assert result.err == ("Cannot connect to the CRI runtime at unix://%s. Is the container "
                          "runtime running?\n" % path)
    assert elapsed < 4


def test_a_socket_the_user_may_not_open_says_so(tmp_path, monkeypatch):
    """Root may open any socket, so the kernel's answer for another user is stood in for."""
    path = str(tmp_path / "private.sock")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(1)
    monkeypatch.setattr(os, "access", lambda target, mode: target != path)
    try:
        result = run_cli(["ps"], environ={"CONTAINER_RUNTIME_ENDPOINT": "unix://" + path})
    finally:
        listener.close()
    assert result.code == 1
    assert result.err == ("Got permission denied while trying to connect to the CRI runtime socket "
                          "at unix://%s: open %s: permission denied (run as root, or ask for "
                          "access to the socket)\n" % (path, path))


class OldRuntime:
    """Serves runtime.v1alpha2 only; runtime.v1 calls get UNIMPLEMENTED (unknown service)."""

    def __init__(self, path):
        from dockercri._gen.v1alpha2 import api_pb2, api_pb2_grpc

        class Servicer(api_pb2_grpc.RuntimeServiceServicer):
            def Version(self, request, context):
                return api_pb2.VersionResponse(version="0.1.0", runtime_name="oldtime",
                                               runtime_version="1.4.0",
                                               runtime_api_version="v1alpha2")

        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        api_pb2_grpc.add_RuntimeServiceServicer_to_server(Servicer(), self.server)
        self.server.add_insecure_port("unix://" + path)
        self.server.start()

    def stop(self):
        self.server.stop(None)


def test_falls_back_to_v1alpha2_when_the_runtime_lacks_v1(tmp_path):
    path = str(tmp_path / "old.sock")
    old = OldRuntime(path)
    try:
        endpoint = "unix://" + path
        cri = CRI(config.RuntimeConfig((endpoint,), (endpoint,)))
        response = cri.call("RuntimeService.Version", {"version": "v1"})
        assert (response.runtime_name, cri.version) == ("oldtime", "v1alpha2")
        forced = CRI(config.RuntimeConfig((endpoint,), (endpoint,), api_version="v1"))
        with pytest.raises(RuntimeError_) as error:
            forced.call("RuntimeService.Version", {})
        assert error.value.code == "UNIMPLEMENTED"
        version = run_cli(["version"], environ={"CONTAINER_RUNTIME_ENDPOINT": endpoint})
        assert version.code == 0 and "\n oldtime:\n" in version.out
        assert "  CRIClientAPI:     runtime.v1alpha2\n" in version.out
    finally:
        old.stop()


class StatusRuntime:
    """Serves runtime.v1alpha2's ContainerStatus: known ids answer, others are NOT_FOUND."""

    def __init__(self, path, known):
        from dockercri._gen.v1alpha2 import api_pb2, api_pb2_grpc
        self.calls = 0

        outer = self

        class Servicer(api_pb2_grpc.RuntimeServiceServicer):
            def ContainerStatus(self, request, context):
                outer.calls += 1
                if request.container_id not in known:
                    context.abort(grpc.StatusCode.NOT_FOUND, "no such container")
                return api_pb2.ContainerStatusResponse(
                    status=api_pb2.ContainerStatus(id=request.container_id, exit_code=len(
                        request.container_id)))

        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        api_pb2_grpc.add_RuntimeServiceServicer_to_server(Servicer(), self.server)
        self.server.add_insecure_port("unix://" + path)
        self.server.start()

    def stop(self):
        self.server.stop(None)


def test_call_many_answers_in_request_order_with_errors_in_place(tmp_path):
    path = str(tmp_path / "status.sock")
    ids = ["c%d" % n + "x" * (n % 7) for n in range(150)]  # more than are sent at once
    known = set(ids) - {ids[0], ids[70]}
    runtime = StatusRuntime(path, known)
    try:
        endpoint = "unix://" + path
        cri = CRI(config.RuntimeConfig((endpoint,), (endpoint,)))
        outcomes = cri.call_many("RuntimeService.ContainerStatus",
                                 [{"container_id": ident} for ident in ids])
    finally:
        runtime.stop()
    assert len(outcomes) == len(ids)
    # the first call found v1 missing and settled on v1alpha2 before the rest went out
    assert cri.version == "v1alpha2"
    for ident, outcome in zip(ids, outcomes):
        if ident in known:
            assert (outcome.status.id, outcome.status.exit_code) == (ident, len(ident))
        else:
            assert isinstance(outcome, RuntimeError_) and outcome.code == "NOT_FOUND"
    assert runtime.calls == len(ids)


def test_call_many_of_nothing_connects_to_nothing(tmp_path):
    endpoint = "unix://%s/none.sock" % tmp_path  # nothing listens: connecting would fail
    cri = CRI(config.RuntimeConfig((endpoint,), (endpoint,), api_version="v1"))
    assert cri.call_many("RuntimeService.ContainerStatus", []) == []
