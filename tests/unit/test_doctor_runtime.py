from dockercri.doctor import runtime, sandbox
from tests.unit.test_doctor_fakenode import PAUSE, FakeCRI, by_check, root  # noqa: F401


def test_reachable_runtime_is_ok(root):
    result = runtime.check_reachable(root.node())[0]
    assert result.status == "ok"
    assert result.detail == "containerd 1.7.0 at unix:///run/containerd/containerd.sock"


def test_unreachable_runtime_fails_and_dependent_checks_skip(root):
    node = root.node(FakeCRI(unreachable="Cannot connect to the CRI runtime at unix:///x.sock"))
    result = runtime.check_reachable(node)[0]
    assert result.status == "fail"
    assert "Cannot connect" in result.detail
    assert result.fix.startswith("systemctl enable --now containerd")
    assert runtime.check_api_version(node)[0].status == "skip"
    assert [r.status for r in runtime.check_conditions(node)] == ["skip", "skip"]
    assert sandbox.check_sandbox_image(node)[0].status == "skip"


def test_cri_dockerd_warns_that_docker_still_runs_containers(root):
    result = runtime.check_reachable(root.node(FakeCRI(name="docker")))[0]
    assert result.status == "warn"
    assert "cri-dockerd" in result.detail


def test_cri_v1_is_ok(root):
    assert runtime.check_api_version(root.node())[0].detail == "runtime.v1"


def test_only_v1alpha2_warns(root):
    result = runtime.check_api_version(root.node(FakeCRI(api="v1alpha2")))[0]
    assert result.status == "warn"
    assert "kubelet >= 1.26 needs runtime.v1" in result.detail


def test_v1alpha2_chosen_by_the_user_says_so(root):
    result = runtime.check_api_version(root.node(FakeCRI(api="v1alpha2"), api_forced=True))[0]
    assert result.status == "warn"
    assert "v1 was not tried" in result.detail


def test_conditions_true_are_ok(root):
    assert [r.status for r in runtime.check_conditions(root.node())] == ["ok", "ok"]


def test_runtime_not_ready_fails_network_not_ready_warns(root):
    node = root.node(FakeCRI(ready=False, network=False,
                             info={"config": {"cni": {"confDir": "/etc/cni/net.d",
                                                      "binDir": "/opt/cni/bin"}}}))
    results = by_check(runtime.check_conditions(node))
    assert results["runtime/RuntimeReady"].status == "fail"
    assert results["runtime/RuntimeReady"].fix == "journalctl -u containerd"
    network = results["runtime/NetworkReady"]
    assert network.status == "warn"
    assert network.detail == "false (NetworkPluginNotReady: cni plugin not initialized)"
    assert "/etc/cni/net.d" in network.fix


def test_sandbox_image_present_is_ok(root):
    result = sandbox.check_sandbox_image(root.node())[0]
    assert (result.status, result.detail) == ("ok", "%s is present" % PAUSE)


def test_missing_sandbox_image_is_pulled(root):
    cri = FakeCRI(images=())
    result = sandbox.check_sandbox_image(root.node(cri))[0]
    assert result.status == "ok" and "pulled it now" in result.detail
    assert "ImageService.PullImage" in cri.calls


def test_missing_sandbox_image_that_cannot_be_pulled_fails(root):
    node = root.node(FakeCRI(images=(), pull_error="failed to resolve reference"))
    result = sandbox.check_sandbox_image(node)[0]
    assert result.status == "fail"
    assert "cannot be pulled: failed to resolve reference" in result.detail
    assert "sandbox_image in /etc/containerd/config.toml" in result.fix


def test_dry_run_never_pulls_the_sandbox_image(root):
    cri = FakeCRI(images=())
    result = sandbox.check_sandbox_image(root.node(cri, pull=False))[0]
    assert result.status == "warn"
    assert result.fix == "crictl pull %s" % PAUSE
    assert "ImageService.PullImage" not in cri.calls


def test_sandbox_image_from_the_running_config_when_the_file_has_none(root):
    root.remove("/etc/containerd/config.toml")
    cri = FakeCRI(images=("example.com/pause:1",),
                  info={"config": {"sandboxImage": "example.com/pause:1"}})
    assert sandbox.check_sandbox_image(root.node(cri))[0].detail == "example.com/pause:1 is present"


def test_cri_o_pause_image_from_its_drop_ins(root):
    root.write("/etc/crio/crio.conf", '[crio.image]\npause_image = "registry.k8s.io/pause:3.6"\n')
    root.write("/etc/crio/crio.conf.d/10-pause.conf", '[crio.image]\npause_image = "%s"\n' % PAUSE)
    result = sandbox.check_sandbox_image(root.node(FakeCRI(name="cri-o")))[0]
    assert result.detail == "%s is present" % PAUSE
