"""The testbed brings up a real CRI runtime and a registry that serves images."""

import json
import os
import shutil
import subprocess
import socket
import sys
import time
import urllib.request

import pytest

from dockercri.testbed import Testbed
from dockercri.testbed import images as tb_images
from dockercri.testbed.packages import static_busybox

needs_root_linux = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0,
    reason="the testbed needs root on Linux")

_no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _get_json(url):
    with _no_proxy.open(url, timeout=10) as resp:
        assert resp.status == 200
        return json.loads(resp.read())


@pytest.fixture(scope="module")
def testbed():
    return Testbed().up()


@needs_root_linux
def test_socket_answers_and_registry_serves_images(testbed):
    assert testbed.endpoint.startswith("unix://")
    path = testbed.endpoint[len("unix://"):]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        s.connect(path)
    assert testbed.containerd.cri_ready()

    base = "http://%s/v2" % testbed.registry
    repositories = _get_json(base + "/_catalog")["repositories"]
    for repo in ("library/busybox", "library/pause", "library/echo"):
        assert repo in repositories
    tags = _get_json(base + "/library/busybox/tags/list")["tags"]
    assert {"1.35", "latest"} <= set(tags)

    assert testbed.images["busybox"] == testbed.registry + "/library/busybox:1.35"
    assert testbed.images["pause"] == testbed.registry + "/library/pause:3.9"
    assert testbed.images["echo"] == testbed.registry + "/library/echo:1.0"
    assert testbed.containerd.has_image(testbed.images["pause"])
    env = testbed.env()
    assert env["CONTAINER_RUNTIME_ENDPOINT"] == testbed.endpoint
    assert env["DOCKERCRI_TESTBED_REGISTRY"] == testbed.registry


@needs_root_linux
def test_up_again_reuses_the_running_testbed(testbed):
    pid = testbed.containerd.pid()
    started = time.monotonic()
    again = Testbed(testbed.directory).up()
    assert time.monotonic() - started < 5
    assert again.containerd.pid() == pid
    assert again.status()["healthy"]


@pytest.mark.skipif(not static_busybox(), reason="no static busybox")
def test_image_builds_are_reproducible(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    a = tb_images.build_all(static_busybox(), str(first), "127.0.0.1:5000")
    b = tb_images.build_all(static_busybox(), str(second), "127.0.0.1:5000")
    for name in ("busybox", "pause", "echo"):
        assert a[name].config_digest == b[name].config_digest
        assert (first / (name + ".tar")).read_bytes() == \
            (second / (name + ".tar")).read_bytes()
    assert a["busybox"].config_digest != a["echo"].config_digest


@needs_root_linux
@pytest.mark.skipif(not shutil.which("iptables"), reason="no iptables")
def test_one_masquerade_rule_for_the_subnet_and_none_per_pod(testbed, tmp_path):
    """The pod network masquerades by one subnet rule; pods add no NAT chains of their own."""
    from dockercri.config import resolve
    from dockercri.runtime.connection import CRI
    from dockercri.testbed.layout import SUBNET

    def nat_rules():
        dump = subprocess.run(["iptables-save", "-t", "nat"], capture_output=True, text=True,
                              check=True).stdout
        return [line for line in dump.splitlines()
                if line.startswith("-A ") and 'name: \\"dockercri-testbed\\"' in line]

    subnet_rule = [line for line in nat_rules()
                   if line.startswith("-A POSTROUTING -s %s" % SUBNET) and "MASQUERADE" in line]
    assert len(subnet_rule) == 1, nat_rules()
    Testbed(testbed.directory).up()
    assert nat_rules().count(subnet_rule[0]) == 1  # up again adds no second copy

    cri = CRI(resolve(runtime_endpoint=testbed.endpoint, environ={}))
    config = {"metadata": {"name": "masq", "uid": "masq-test", "namespace": "testbed-test",
                           "attempt": 0}, "log_directory": str(tmp_path), "linux": {}}
    pod = cri.call("RuntimeService.RunPodSandbox", {"config": config}).pod_sandbox_id
    try:
        status = cri.call("RuntimeService.PodSandboxStatus", {"pod_sandbox_id": pod}).status
        assert status.network.ip.startswith("10.88.")
        per_pod = [line for line in nat_rules() if pod in line]
        assert per_pod == []
    finally:
        cri.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod})
        cri.call("RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod})
        cri.close()


@needs_root_linux
def test_docker_hub_names_resolve_to_the_local_images(testbed):
    # The names people type (busybox, echo:1.0) mean docker.io, which the testbed's
    # containerd resolves through its mirror of the local registry: the same images, offline.
    from dockercri.config import resolve
    from dockercri.runtime.connection import CRI

    client = CRI(resolve(runtime_endpoint=testbed.endpoint, environ={}))
    try:
        def image_id(ref):
            return client.call("ImageService.ImageStatus", {"image": {"image": ref}}).image.id
        for typed, local in tb_images.typed_names(testbed.registry):
            if typed.startswith("pause"):
                continue  # the sandbox image: never pulled by name
            client.call("ImageService.PullImage", {"image": {"image": local}})
            hub = "docker.io/library/" + (typed if ":" in typed else typed + ":latest")
            client.call("ImageService.PullImage", {"image": {"image": hub}})
            assert image_id(hub) == image_id(local) != ""
    finally:
        client.close()
    assert [typed for typed, _ in tb_images.typed_names(testbed.registry)] == [
        "busybox", "busybox:1.35", "pause:3.9", "echo:1.0"]
