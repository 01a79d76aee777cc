"""A fake node for the doctor's checks: a directory tree and a CRI runtime of canned answers.

The other test_doctor_* modules import FakeRoot, FakeCRI and healthy() from here.
"""

import io
import json
import os
from types import SimpleNamespace as NS

import pytest

from dockercri.doctor.node import Node, same_endpoint, top_level_yaml
from dockercri.errors import RuntimeError_, RuntimeUnavailable

ENDPOINT = "unix:///run/containerd/containerd.sock"
PAUSE = "registry.k8s.io/pause:3.9"

CONTAINERD_TOML = """version = 2
disabled_plugins = []

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "%s"

  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"

    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = true

  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "/etc/containerd/certs.d"
""" % PAUSE

KUBELET_YAML = """apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
cgroupDriver: systemd
containerRuntimeEndpoint: "unix:///var/run/containerd/containerd.sock"  # kubeadm writes this
"""


class FakeRoot:
    """Files of a node below a temporary directory."""

    def __init__(self, directory):
        self.dir = str(directory)

    def path(self, node_path):
        return os.path.join(self.dir, node_path.lstrip("/"))

    def write(self, node_path, text=""):
        target = self.path(node_path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as handle:
            handle.write(text)
        return target

    def read(self, node_path):
        with open(self.path(node_path)) as handle:
            return handle.read()

    def remove(self, node_path):
        os.unlink(self.path(node_path))

    def symlink(self, node_path, target):
        link = self.path(node_path)
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(target, link)

    def node(self, cri=None, **options):
        return Node(self.dir, cri if cri is not None else FakeCRI(), **options)


class FakeCRI:
    """Canned answers to the CRI calls the doctor makes."""

    def __init__(self, name="containerd", api="v1", ready=True, network=True, info=None,
                 images=(PAUSE,), pull_error=None, unreachable=None, endpoint=ENDPOINT):
        self.name, self.version = name, api
        self.ready, self.network = ready, network
        self.info = info if info is not None else {}
        self.images = set(images)
        self.pull_error, self.unreachable = pull_error, unreachable
        self._endpoint = endpoint
        self.calls = []

    def endpoint(self, service):
        if self.unreachable:
            raise RuntimeUnavailable(self.unreachable)
        return self._endpoint

    def call(self, rpc, request=None, timeout=None):
        self.calls.append(rpc)
        self.endpoint(rpc)
        if rpc == "RuntimeService.Version":
            return NS(version="0.1.0", runtime_name=self.name, runtime_version="1.7.0",
                      runtime_api_version=self.version)
        if rpc == "RuntimeService.Status":
            conditions = [NS(type="RuntimeReady", status=self.ready, reason="" if self.ready
                             else "RuntimeBroken", message=""),
                          NS(type="NetworkReady", status=self.network,
                             reason="" if self.network else "NetworkPluginNotReady",
                             message="" if self.network else "cni plugin not initialized")]
            info = {"info": json.dumps(self.info)} if self.info else {}
            return NS(status=NS(conditions=conditions), info=info)
        if rpc == "ImageService.ImageStatus":
            image = request["image"]["image"]
            return NS(image=NS(id="sha256:ab" if image in self.images else ""))
        if rpc == "ImageService.PullImage":
            if self.pull_error:
                raise RuntimeError_(self.pull_error)
            self.images.add(request["image"]["image"])
            return NS(image_ref="sha256:ab")
        raise AssertionError("unexpected call %s" % rpc)


def healthy(root):
    """A node on which every check passes."""
    root.write("/proc/modules", "br_netfilter 32768 0 - Live 0x0\noverlay 151552 3 - Live 0x0\n")
    root.write("/etc/modules-load.d/k8s.conf", "overlay\nbr_netfilter\n")
    for key in ("net/bridge/bridge-nf-call-iptables", "net/bridge/bridge-nf-call-ip6tables",
                "net/ipv4/ip_forward"):
        root.write("/proc/sys/" + key, "1\n")
    root.write("/etc/sysctl.d/99-kubernetes-cri.conf",
               "net.bridge.bridge-nf-call-iptables  = 1\n"
               "net.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n")
    root.write("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n")
    root.write("/etc/containerd/config.toml", CONTAINERD_TOML)
    root.write("/var/lib/kubelet/config.yaml", KUBELET_YAML)
    root.write("/etc/crictl.yaml", "runtime-endpoint: %s\nimage-endpoint: %s\n"
               % (ENDPOINT, ENDPOINT))
    return root


@pytest.fixture
def root(tmp_path):
    return healthy(FakeRoot(tmp_path / "node"))


def fake_session(cri=None, api_version="auto", debug=False):
    env = NS(stdout=io.StringIO(), stderr=io.StringIO(), prog="docker")
    return NS(env=env, config=NS(api_version=api_version, debug=debug),
              executor=NS(cri=cri if cri is not None else FakeCRI()))


def by_check(results):
    return {result.check: result for result in results}


# ---------------------------------------------------------------- the node view itself

def test_node_reads_below_its_root_only(root):
    node = root.node()
    assert node.read("/etc/modules-load.d/k8s.conf") == "overlay\nbr_netfilter\n"
    assert node.read("/etc/missing") is None
    assert node.glob("/etc/modules-load.d", "*.conf") == ["/etc/modules-load.d/k8s.conf"]


def test_node_skips_binary_files(root):
    target = root.write("/usr/local/bin/tool")
    with open(target, "wb") as handle:
        handle.write(b"\x7fELF\0\0docker run")
    assert root.node().read("/usr/local/bin/tool") is None


def test_walk_lists_files_and_links_without_following_them(root):
    root.write("/etc/systemd/system/a.service", "")
    root.symlink("/etc/systemd/system/multi-user.target.wants/a.service", "../a.service")
    root.symlink("/etc/systemd/system/loop", "/etc/systemd/system")
    found = root.node().walk("/etc/systemd/system")
    assert found == ["/etc/systemd/system/a.service", "/etc/systemd/system/loop",
                     "/etc/systemd/system/multi-user.target.wants/a.service"]


def test_top_level_yaml_reads_scalars_and_passes_over_nesting():
    values = top_level_yaml(KUBELET_YAML)
    assert values["cgroupDriver"] == "systemd"
    assert values["containerRuntimeEndpoint"] == "unix:///var/run/containerd/containerd.sock"
    assert "enabled" not in values


@pytest.mark.parametrize("a,b,same", [
    ("unix:///run/containerd/containerd.sock", "/var/run/containerd/containerd.sock", True),
    ("unix:///run/crio/crio.sock", "unix:///run/containerd/containerd.sock", False),
])
def test_same_endpoint(a, b, same):
    assert same_endpoint(a, b) is same


def test_runtime_is_asked_once(root):
    cri = FakeCRI()
    node = root.node(cri)
    assert node.runtime.reachable and node.runtime.name == "containerd"
    assert node.runtime.reachable
    assert cri.calls == ["RuntimeService.Version", "RuntimeService.Status"]


def test_a_healthy_node_passes_every_check(root):
    from dockercri.doctor.cli import run_checks

    results = run_checks(root.node())
    assert {r.status for r in results} <= {"ok", "skip"}, [r for r in results if r.status != "ok"]
    assert by_check(results)["docker/daemon.json"].status == "skip"
