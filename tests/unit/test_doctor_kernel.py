from dockercri.doctor import kernel
from tests.unit.test_doctor_fakenode import by_check, root  # noqa: F401 - fixture


def test_modules_loaded_and_persisted_are_ok(root):
    results = by_check(kernel.check_modules(root.node()))
    assert results["module/overlay"].status == "ok"
    assert "/etc/modules-load.d/k8s.conf" in results["module/br_netfilter"].detail


def test_module_loaded_but_not_persisted_warns(root):
    root.write("/etc/modules-load.d/k8s.conf", "overlay\n")
    result = by_check(kernel.check_modules(root.node()))["module/br_netfilter"]
    assert result.status == "warn"
    assert "dockerd" in result.detail
    assert result.fix == "echo br_netfilter >> /etc/modules-load.d/k8s.conf"


def test_module_not_loaded_fails_with_modprobe(root):
    root.write("/proc/modules", "overlay 151552 3 - Live 0x0\n")
    root.remove("/etc/modules-load.d/k8s.conf")
    result = by_check(kernel.check_modules(root.node()))["module/br_netfilter"]
    assert result.status == "fail"
    assert result.fix == ("modprobe br_netfilter && "
                          "echo br_netfilter >> /etc/modules-load.d/k8s.conf")


def test_module_persisted_in_usr_lib_or_etc_modules_counts(root):
    root.remove("/etc/modules-load.d/k8s.conf")
    root.write("/usr/lib/modules-load.d/containerd.conf", "# for containerd\noverlay\n")
    root.write("/etc/modules", "br_netfilter\n")
    results = by_check(kernel.check_modules(root.node()))
    assert results["module/overlay"].status == "ok"
    assert results["module/br_netfilter"].detail.endswith("/etc/modules")


def test_built_in_module_needs_no_loading(root):
    root.write("/proc/modules", "")
    root.write("/proc/filesystems", "nodev\tproc\nnodev\toverlay\n")
    root.write("/sys/module/br_netfilter/parameters/x", "")
    results = by_check(kernel.check_modules(root.node()))
    assert results["module/overlay"].detail == "built into the kernel"
    assert results["module/br_netfilter"].status == "ok"


def test_sysctls_set_and_persisted_are_ok(root):
    results = kernel.check_sysctls(root.node())
    assert [r.status for r in results] == ["ok"] * 3


def test_sysctl_set_but_not_persisted_warns(root):
    root.remove("/etc/sysctl.d/99-kubernetes-cri.conf")
    result = by_check(kernel.check_sysctls(root.node()))["sysctl/net.ipv4.ip_forward"]
    assert result.status == "warn"
    assert "dockerd sets it" in result.detail
    assert result.fix == ("echo 'net.ipv4.ip_forward = 1' >> "
                          "/etc/sysctl.d/99-kubernetes-cri.conf && sysctl --system")


def test_later_sysctl_file_and_sysctl_conf_override_earlier_ones(root):
    root.write("/usr/lib/sysctl.d/50-default.conf", "net.ipv4.ip_forward = 1\n")
    root.write("/etc/sysctl.conf", "-net/ipv4/ip_forward=0  \n")
    result = by_check(kernel.check_sysctls(root.node()))["sysctl/net.ipv4.ip_forward"]
    assert result.status == "warn"
    assert "/etc/sysctl.conf sets it to 0 at boot" in result.detail
    assert result.fix.startswith("set 'net.ipv4.ip_forward = 1' in /etc/sysctl.conf")


def test_same_file_name_in_etc_shadows_usr_lib(root):
    root.write("/usr/lib/sysctl.d/99-kubernetes-cri.conf", "net.ipv4.ip_forward = 0\n")
    result = by_check(kernel.check_sysctls(root.node()))["sysctl/net.ipv4.ip_forward"]
    assert result.status == "ok"


def test_sysctl_off_fails(root):
    root.write("/proc/sys/net/ipv4/ip_forward", "0\n")
    result = by_check(kernel.check_sysctls(root.node()))["sysctl/net.ipv4.ip_forward"]
    assert result.status == "fail"
    assert result.detail == "is 0, must be 1"
    assert result.fix == "sysctl -w net.ipv4.ip_forward=1"


def test_bridge_sysctl_missing_means_br_netfilter_is_not_loaded(root):
    root.remove("/proc/sys/net/bridge/bridge-nf-call-iptables")
    root.remove("/etc/sysctl.d/99-kubernetes-cri.conf")
    result = by_check(kernel.check_sysctls(root.node()))[
        "sysctl/net.bridge.bridge-nf-call-iptables"]
    assert result.status == "fail"
    assert "br_netfilter is not loaded" in result.detail
    assert result.fix.splitlines() == [
        "modprobe br_netfilter && sysctl -w net.bridge.bridge-nf-call-iptables=1",
        "echo 'net.bridge.bridge-nf-call-iptables = 1' >> /etc/sysctl.d/99-kubernetes-cri.conf"
        " && sysctl --system"]
