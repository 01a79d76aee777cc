"""`doctor` against the testbed's containerd, with the node's files in a temporary root.

Only files below the temporary root are read or written; the runtime is asked, never changed
(--dry-run keeps the sandbox image check from pulling).
"""

import json
import os

import pytest

from tests.conftest import run_cli

MIRROR = "https://mirror.example.com"


@pytest.fixture
def node_root(testbed, tmp_path):
    root = tmp_path / "node"

    def write(path, text):
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    with open(testbed.layout.containerd_config) as handle:
        config = handle.read()
    # The copy names the standard certs.d, which then lives below the temporary root.
    config = config.replace('config_path = "%s"' % testbed.layout.certs_dir,
                            'config_path = "/etc/containerd/certs.d"')
    write("/etc/containerd/config.toml", config)
    write("/proc/modules", "br_netfilter 32768 0 - Live 0x0\noverlay 151552 3 - Live 0x0\n")
    write("/etc/modules-load.d/k8s.conf", "overlay\nbr_netfilter\n")
    for key in ("net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables",
                "net.ipv4.ip_forward"):
        write("/proc/sys/" + key.replace(".", "/"), "1\n")
    write("/etc/sysctl.d/99-kubernetes-cri.conf", "net.ipv4.ip_forward = 1\n"
          "net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\n")
    write("/var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\ncgroupDriver: cgroupfs\n"
          "containerRuntimeEndpoint: %s\n" % testbed.endpoint)
    write("/etc/crictl.yaml", "runtime-endpoint: %s\n" % testbed.endpoint)
    write("/etc/docker/daemon.json", json.dumps({"registry-mirrors": [MIRROR],
                                                 "insecure-registries": [testbed.registry]}))
    return root


def _doctor(runtime_env, root, *argv, env=None):
    result = run_cli(["doctor", "--root", str(root)] + list(argv), environ=env or runtime_env)
    assert result.err == "", result
    return result


def _checks(result):
    return {r["check"]: r for r in json.loads(result.out)}


def test_doctor_asks_the_real_runtime(runtime_env, node_root, testbed):
    result = _doctor(runtime_env, node_root, "--format", "json", "--dry-run")
    checks = _checks(result)
    assert result.code == 0, result.out
    assert checks["runtime/reachable"]["status"] == "ok"
    assert checks["runtime/reachable"]["detail"].startswith("containerd ")
    assert checks["runtime/reachable"]["detail"].endswith(" at " + testbed.endpoint)
    assert checks["runtime/cri-api"]["detail"] == "runtime.v1"
    assert checks["runtime/RuntimeReady"]["status"] == "ok"
    assert checks["containerd/cri-plugin"]["status"] == "ok"
    assert checks["runtime/sandbox-image"]["status"] == "ok"
    assert checks["runtime/sandbox-image"]["detail"] == (
        "%s is present" % testbed.images["pause"])
    for name in ("kubelet/runtime-endpoint", "kubelet/cgroup-driver", "crictl/config",
                 "module/br_netfilter", "sysctl/net.ipv4.ip_forward"):
        assert checks[name]["status"] == "ok", checks[name]
    assert checks["docker/registry-mirrors"]["status"] == "warn"
    assert checks["docker/insecure-registries"]["status"] == "warn"


def test_text_output_has_a_fix_under_each_warning(runtime_env, node_root):
    result = _doctor(runtime_env, node_root, "--dry-run")
    lines = result.out.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("warn  docker/registry-"))
    assert lines[index + 1] == ("      fix: dockercri doctor --migrate-registries    "
                                "# --dry-run first to see the files")


def test_migrate_registries_then_the_checks_pass(runtime_env, node_root, testbed):
    before = sorted(os.listdir(testbed.layout.certs_dir))
    dry = _doctor(runtime_env, node_root, "--migrate-registries", "--dry-run")
    assert dry.code == 0 and "would write" in dry.out
    assert not (node_root / "etc/containerd/certs.d").exists()

    result = _doctor(runtime_env, node_root, "--migrate-registries")
    assert result.code == 0, result.out
    hub = node_root / "etc/containerd/certs.d/docker.io/hosts.toml"
    assert '[host."%s"]' % MIRROR in hub.read_text()
    assert (node_root / "etc/containerd/certs.d" / testbed.registry / "hosts.toml").exists()
    assert sorted(os.listdir(testbed.layout.certs_dir)) == before

    checks = _checks(_doctor(runtime_env, node_root, "--format", "json", "--dry-run"))
    assert checks["docker/registry-mirrors"]["status"] == "ok"
    assert checks["docker/insecure-registries"]["status"] == "ok"


def test_cgroup_driver_mismatches_are_found(runtime_env, node_root):
    kubelet = node_root / "var/lib/kubelet/config.yaml"
    kubelet.write_text(kubelet.read_text().replace("cgroupfs", "systemd"))
    config = node_root / "etc/containerd/config.toml"
    config.write_text(config.read_text().replace("SystemdCgroup = false", "SystemdCgroup = true"))
    result = _doctor(runtime_env, node_root, "--format", "json", "--dry-run")
    checks = _checks(result)
    # The file now says systemd; the running testbed still uses cgroupfs.
    assert checks["containerd/cgroup-driver"]["status"] == "warn"
    assert checks["containerd/cgroup-driver"]["fix"] == "systemctl restart containerd"
    assert checks["kubelet/cgroup-driver"]["status"] == "ok"

    config.write_text(config.read_text().replace("SystemdCgroup = true", "SystemdCgroup = false"))
    result = _doctor(runtime_env, node_root, "--format", "json", "--dry-run")
    assert result.code == 1
    assert _checks(result)["kubelet/cgroup-driver"]["status"] == "fail"


def test_no_runtime_is_a_failed_check(runtime_env, node_root, tmp_path):
    env = dict(runtime_env)
    env["CONTAINER_RUNTIME_ENDPOINT"] = env["IMAGE_SERVICE_ENDPOINT"] = \
        "unix://%s/none.sock" % tmp_path
    result = _doctor(runtime_env, node_root, "--dry-run", env=env)
    assert result.code == 1
    assert "fail  runtime/reachable: Cannot connect to the CRI runtime" in result.out
    assert "skip  runtime/cri-api (does not apply: the runtime is not reachable)" in result.out
    assert "ok    containerd/cri-plugin: enabled in /etc/containerd/config.toml" in result.out
