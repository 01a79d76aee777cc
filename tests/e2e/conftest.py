"""End-to-end fixtures: a real containerd (the project's testbed) and helpers that
make pods and containers through CRI directly, the way the kubelet does."""

import os
import time
import uuid

import pytest

from tests.conftest import run_cli

TEST_LABEL = "io.dockercri.test"


def _need_root():
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("end-to-end tests need root and a runtime; CI must provide both")
        pytest.skip("end-to-end tests need root")


def _pods(bed):
    from dockercri.config import resolve
    from dockercri.runtime.connection import CRI
    client = CRI(resolve(runtime_endpoint=bed.endpoint, environ={}))
    try:
        return {pod.id: pod.metadata.name
                for pod in client.call("RuntimeService.ListPodSandbox", {}).items}
    finally:
        client.close()


@pytest.fixture(scope="session")
def testbed():
    _need_root()
    from dockercri.testbed import Testbed

    bed = Testbed().up()
    before = _pods(bed)
    yield bed
    # The leak check: every pod (and so every container) the tests made must be gone.
    left = {ident: name for ident, name in _pods(bed).items() if ident not in before}
    assert not left, "the tests left pods behind: %s" % sorted(left.values())


@pytest.fixture(scope="session")
def runtime_env(testbed):
    env = dict(os.environ)
    env.update(testbed.env())
    return env


@pytest.fixture(scope="session")
def cri(testbed):
    from dockercri.config import resolve
    from dockercri.runtime.connection import CRI

    client = CRI(resolve(runtime_endpoint=testbed.endpoint, environ={}))
    yield client
    _remove_test_pods(client)
    client.close()


def _remove_test_pods(client):
    pods = client.call("RuntimeService.ListPodSandbox",
                       {"filter": {"label_selector": {TEST_LABEL: "1"}}}).items
    for pod in pods:
        client.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod.id})
        client.call("RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod.id})


@pytest.fixture
def dcri(runtime_env):
    def run(*argv, clock=None):
        return run_cli(list(argv), environ=runtime_env, clock=clock)
    return run


class Kube:
    """Pods and containers made with the labels, annotations and log layout the kubelet uses."""

    def __init__(self, cri, testbed, tmp_root):
        self.cri = cri
        self.testbed = testbed
        self.tmp_root = tmp_root
        self.pods = []

    def pod(self, name=None, namespace="default", host_network=True, labels=None, ports=()):
        name = name or "pod-" + uuid.uuid4().hex[:6]
        uid = str(uuid.uuid4())
        log_dir = os.path.join(self.tmp_root, "%s_%s_%s" % (namespace, name, uid))
        os.makedirs(log_dir, exist_ok=True)
        all_labels = {TEST_LABEL: "1", "io.kubernetes.pod.name": name,
                      "io.kubernetes.pod.namespace": namespace, "io.kubernetes.pod.uid": uid}
        all_labels.update(labels or {})
        config = {
            "metadata": {"name": name, "namespace": namespace, "uid": uid, "attempt": 0},
            "log_directory": log_dir, "labels": all_labels,
            "annotations": {"kubernetes.io/config.source": "api"},
            "linux": {"security_context": {"namespace_options": {
                "network": "NODE" if host_network else "POD"}}},
        }
        if not host_network:  # the pod's own UTS namespace has the pod's name
            config["hostname"] = name
        if ports:  # hostPort: (container port, host port), TCP
            config["port_mappings"] = [{"container_port": inside, "host_port": outside}
                                       for inside, outside in ports]
        response = self.cri.call("RuntimeService.RunPodSandbox", {"config": config})
        self.pods.append(response.pod_sandbox_id)
        return response.pod_sandbox_id, config

    def container(self, pod, name, command, image=None, start=True, labels=None, attempt=0):
        pod_id, pod_config = pod
        image = image or self.testbed.images["busybox"]
        if not image.startswith("sha256:"):  # the kubelet names pulled images by id
            self.cri.call("ImageService.PullImage", {"image": {"image": image}})
        meta = pod_config["metadata"]
        all_labels = {"io.kubernetes.container.name": name,
                      "io.kubernetes.pod.name": meta["name"],
                      "io.kubernetes.pod.namespace": meta["namespace"],
                      "io.kubernetes.pod.uid": meta["uid"], TEST_LABEL: "1"}
        all_labels.update(labels or {})
        config = {
            "metadata": {"name": name, "attempt": attempt},
            "image": {"image": image},
            "command": command[:1], "args": command[1:],
            "log_path": "%s/%d.log" % (name, attempt),
            "labels": all_labels,
            # the kubelet's: the pod's network and IPC, a pid namespace of its own
            "linux": {"security_context": {"namespace_options": dict(
                pod_config["linux"]["security_context"]["namespace_options"], pid="CONTAINER")}},
        }
        os.makedirs(os.path.join(pod_config["log_directory"], name), exist_ok=True)
        response = self.cri.call("RuntimeService.CreateContainer", {
            "pod_sandbox_id": pod_id, "config": config, "sandbox_config": pod_config})
        if start:
            self.cri.call("RuntimeService.StartContainer", {"container_id": response.container_id})
        return response.container_id

    def wait_exit(self, container_id, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status = self.cri.call("RuntimeService.ContainerStatus",
                                   {"container_id": container_id}).status
            if status.state == 2:
                return status
            time.sleep(0.05)
        raise AssertionError("container %s did not exit" % container_id)

    def cleanup(self):
        for pod_id in self.pods:
            try:
                self.cri.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod_id})
                self.cri.call("RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod_id})
            except Exception:  # noqa: BLE001 - already gone
                pass


@pytest.fixture
def kube(cri, testbed, tmp_path):
    helper = Kube(cri, testbed, str(tmp_path))
    yield helper
    helper.cleanup()
