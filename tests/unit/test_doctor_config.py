"""containerd's config, the kubelet's settings and crictl.yaml."""

from dockercri.doctor import containerd, crictl, kubelet
from tests.unit.test_doctor_fakenode import (CONTAINERD_TOML, KUBELET_YAML, FakeCRI,  # noqa: F401
                                             root)

V3_TOML = """version = 3

[plugins."io.containerd.cri.v1.images".pinned_images]
  sandbox = "registry.k8s.io/pause:3.10"

[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]
  SystemdCgroup = false
"""


# ---------------------------------------------------------------- containerd/cri-plugin

def test_cri_plugin_enabled_is_ok(root):
    result = containerd.check_cri_plugin(root.node())[0]
    assert result.status == "ok"
    assert result.detail == "enabled in /etc/containerd/config.toml (config version 2)"


def test_cri_disabled_as_docker_packages_ship_it_fails(root):
    root.write("/etc/containerd/config.toml", 'disabled_plugins = ["cri", "io.containerd.x"]\n')
    result = containerd.check_cri_plugin(root.node())[0]
    assert result.status == "fail"
    assert "disables cri" in result.detail
    assert result.fix.splitlines() == [
        'in /etc/containerd/config.toml set: disabled_plugins = ["io.containerd.x"]',
        "systemctl restart containerd"]


def test_invalid_containerd_toml_fails(root):
    root.write("/etc/containerd/config.toml", "version = = 2\n")
    result = containerd.check_cri_plugin(root.node())[0]
    assert result.status == "fail" and "not valid TOML" in result.detail


def test_no_containerd_config_uses_defaults(root):
    root.remove("/etc/containerd/config.toml")
    assert "built-in defaults" in containerd.check_cri_plugin(root.node())[0].detail


def test_containerd_checks_skip_on_cri_o(root):
    node = root.node(FakeCRI(name="cri-o"))
    for check in (containerd.check_cri_plugin, containerd.check_cgroup_driver):
        result = check(node)[0]
        assert result.status == "skip"
        assert result.detail == "does not apply: the runtime is cri-o, not containerd"


def test_containerd_config_is_checked_when_the_runtime_is_down(root):
    node = root.node(FakeCRI(unreachable="no"))
    assert containerd.check_cri_plugin(node)[0].status == "ok"
    root.remove("/etc/containerd/config.toml")
    assert root.node(FakeCRI(unreachable="no")).runtime.reachable is False
    assert containerd.check_cri_plugin(root.node(FakeCRI(unreachable="no")))[0].status == "skip"


def test_config_of_another_containerd_is_not_taken_for_the_running_ones(root):
    root.write("/etc/containerd/config.toml", 'version = 2\ndisabled_plugins = ["cri"]\n')
    info = {"config": {"containerd": {"runtimes": {"runc": {"options": {"SystemdCgroup": True}}}}}}
    node = root.node(FakeCRI(endpoint="unix:///var/tmp/ctr/containerd.sock", info=info))
    result = containerd.check_cri_plugin(node)[0]
    assert result.status == "warn"
    assert "configures the containerd at /run/containerd/containerd.sock" in result.detail
    assert containerd.check_cgroup_driver(node)[0].detail.startswith(
        "systemd (SystemdCgroup = true in the running containerd)")


# ---------------------------------------------------------------- containerd/cgroup-driver

def test_systemd_cgroup_on_cgroup_v2_is_ok(root):
    result = containerd.check_cgroup_driver(root.node())[0]
    assert result.status == "ok"
    assert result.detail.startswith("systemd (SystemdCgroup = true")


def test_cgroupfs_on_cgroup_v2_warns_with_the_toml_lines(root):
    root.write("/etc/containerd/config.toml",
               CONTAINERD_TOML.replace("SystemdCgroup = true", "SystemdCgroup = false"))
    result = containerd.check_cgroup_driver(root.node())[0]
    assert result.status == "warn"
    assert ('[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]\n'
            "  SystemdCgroup = true") in result.fix


def test_cgroupfs_on_cgroup_v1_is_ok(root):
    root.write("/etc/containerd/config.toml",
               CONTAINERD_TOML.replace("SystemdCgroup = true", "SystemdCgroup = false"))
    root.remove("/sys/fs/cgroup/cgroup.controllers")
    assert containerd.check_cgroup_driver(root.node())[0].status == "ok"


def test_file_changed_but_containerd_not_restarted_warns(root):
    info = {"config": {"containerd": {"runtimes": {"runc": {"options": {"SystemdCgroup": False}}}}}}
    result = containerd.check_cgroup_driver(root.node(FakeCRI(info=info)))[0]
    assert result.status == "warn"
    assert result.fix == "systemctl restart containerd"


def test_containerd_2_config_schema(root):
    root.write("/etc/containerd/config.toml", V3_TOML)
    result = containerd.check_cgroup_driver(root.node())[0]
    assert result.status == "warn"
    assert '[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc.options]' \
        in result.fix
    assert containerd.read_config(root.node()).sandbox_image == "registry.k8s.io/pause:3.10"


def test_config_file_named_by_the_runtime_is_read(root):
    root.write("/opt/ctr/config.toml", 'version = 2\ndisabled_plugins = ["cri"]\n')
    node = root.node(FakeCRI(info={"configFile": "/opt/ctr/config.toml"}))
    assert containerd.check_cri_plugin(node)[0].status == "fail"


# ---------------------------------------------------------------- kubelet

def test_kubelet_and_containerd_agree_on_systemd(root):
    result = kubelet.check_cgroup_driver(root.node())[0]
    assert result.status == "ok"
    assert result.detail.startswith("systemd (/var/lib/kubelet/config.yaml)")


def test_kubelet_cgroupfs_default_against_systemd_containerd_fails(root):
    root.write("/var/lib/kubelet/config.yaml", KUBELET_YAML.replace("cgroupDriver: systemd\n", ""))
    result = kubelet.check_cgroup_driver(root.node())[0]
    assert result.status == "fail"
    assert "the kubelet's default" in result.detail
    assert result.fix.startswith("set cgroupDriver: systemd in /var/lib/kubelet/config.yaml")


def test_kubelet_systemd_against_cgroupfs_containerd_fixes_containerd(root):
    root.write("/etc/containerd/config.toml",
               CONTAINERD_TOML.replace("SystemdCgroup = true", "SystemdCgroup = false"))
    result = kubelet.check_cgroup_driver(root.node())[0]
    assert result.status == "fail"
    assert "SystemdCgroup = true" in result.fix


def test_kubelet_flag_overrides_its_config(root):
    root.write("/var/lib/kubelet/kubeadm-flags.env",
               'KUBELET_KUBEADM_ARGS="--cgroup-driver=cgroupfs --pod-infra-container-image=x"\n')
    result = kubelet.check_cgroup_driver(root.node())[0]
    assert result.status == "fail"
    assert "/var/lib/kubelet/kubeadm-flags.env" in result.detail


def test_kubelet_checks_skip_without_a_kubelet(root):
    root.remove("/var/lib/kubelet/config.yaml")
    for check in (kubelet.check_cgroup_driver, kubelet.check_runtime_endpoint):
        result = check(root.node())[0]
        assert result.status == "skip"
        assert "no /var/lib/kubelet/config.yaml" in result.detail


def test_kubelet_cgroup_driver_against_cri_o(root):
    root.write("/etc/crio/crio.conf.d/02-cgroup.conf",
               '[crio.runtime]\ncgroup_manager = "cgroupfs"\n')
    result = kubelet.check_cgroup_driver(root.node(FakeCRI(name="cri-o")))[0]
    assert result.status == "fail"
    assert 'cgroup_manager = "systemd"' in result.fix


def test_kubelet_endpoint_matching_the_runtime_is_ok(root):
    result = kubelet.check_runtime_endpoint(root.node())[0]
    assert result.status == "ok"


def test_kubelet_on_another_socket_warns(root):
    node = root.node(FakeCRI(endpoint="unix:///tmp/other.sock"))
    result = kubelet.check_runtime_endpoint(node)[0]
    assert result.status == "warn"
    assert result.fix.startswith("dockercri --runtime-endpoint "
                                 "unix:///var/run/containerd/containerd.sock doctor")


def test_kubelet_still_on_dockershim_fails(root):
    root.write("/var/lib/kubelet/kubeadm-flags.env",
               'KUBELET_KUBEADM_ARGS="--container-runtime=docker --network-plugin=cni"\n')
    result = kubelet.check_runtime_endpoint(root.node())[0]
    assert result.status == "fail"
    assert "dockershim" in result.detail
    assert "drop --container-runtime=docker from /var/lib/kubelet/kubeadm-flags.env" in result.fix


def test_kubelet_on_cri_dockerd_fails(root):
    root.write("/var/lib/kubelet/config.yaml",
               "containerRuntimeEndpoint: unix:///var/run/cri-dockerd.sock\n")
    result = kubelet.check_runtime_endpoint(root.node())[0]
    assert result.status == "fail"
    assert "cri-dockerd" in result.detail


# ---------------------------------------------------------------- crictl

def test_crictl_pointing_at_the_runtime_is_ok(root):
    assert crictl.check_crictl(root.node())[0].status == "ok"


def test_no_crictl_yaml_warns_about_default_endpoints(root):
    root.remove("/etc/crictl.yaml")
    result = crictl.check_crictl(root.node())[0]
    assert result.status == "warn"
    assert "deprecated list of default endpoints" in result.detail
    assert result.fix == ("crictl config --set runtime-endpoint=unix:///run/containerd/"
                          "containerd.sock --set image-endpoint=unix:///run/containerd/"
                          "containerd.sock")


def test_crictl_on_dockershim_warns(root):
    root.write("/etc/crictl.yaml", "runtime-endpoint: unix:///var/run/dockershim.sock\n")
    result = crictl.check_crictl(root.node())[0]
    assert result.status == "warn"
    assert "is Docker's" in result.detail


def test_crictl_on_another_runtime_warns(root):
    root.write("/etc/crictl.yaml", "runtime-endpoint: unix:///run/crio/crio.sock\n")
    result = crictl.check_crictl(root.node())[0]
    assert result.status == "warn"
    assert "runtime-endpoint is unix:///run/crio/crio.sock" in result.detail
