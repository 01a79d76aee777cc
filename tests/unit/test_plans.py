"""argv → plan: exact CRI requests, and every request a valid CRI message."""

import os
import shlex

import pytest
from google.protobuf import json_format

from dockercri._gen.v1 import api_pb2
from dockercri.cli.dispatch import plan_argv
from dockercri.errors import DockerCLIError
from dockercri.plan.model import Computed, Ref
from dockercri.runtime.connection import to_message
from tests.unit.test_explain_golden import cases


@pytest.fixture(autouse=True)
def seeded(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCKERCRI_NAME_SEED", "plans")
    monkeypatch.chdir(tmp_path)


def plan_of(line):
    return plan_argv(shlex.split(line))[2]


def concrete(value):
    if isinstance(value, (Ref, Computed)):
        return None  # JSON null: the field's default; the type is checked where it is known
    if isinstance(value, dict):
        return {key: concrete(item) for key, item in value.items()}
    if isinstance(value, list):  # a value known only when it runs (a port): left out
        return [concrete(item) for item in value if not isinstance(item, (Ref, Computed))]
    return value


@pytest.mark.parametrize("line", cases())
def test_every_planned_request_is_a_valid_cri_message(line):
    plan = plan_of(line)
    for step in plan.steps:
        if step.rpc is None:
            continue
        method = step.rpc.split(".")[1]
        message = getattr(api_pb2, method + "Request")()
        if "<from" in repr(step.request):
            continue  # runp of a file that is not there: explain shows the reason instead
        json_format.ParseDict(concrete(step.request), message)
        # What the runtime connection sends: the same message, built without json_format.
        assert to_message(type(message), concrete(step.request)) == message
    for name, content in plan.files.items():
        kind = api_pb2.PodSandboxConfig if name.startswith("pod") or name.endswith(".json") and \
            "container" not in name else api_pb2.ContainerConfig
        if isinstance(content, dict) and not any(key.startswith("<") for key in content):
            message = json_format.ParseDict(concrete(content), kind())
            assert to_message(kind, concrete(content)) == message


def test_run_flags_become_exact_cri_fields():
    plan = plan_of("run -d --name web -p 127.0.0.1:8080:80/udp -e A=1 -w /srv -u 1000:2000 "
                   "--group-add 44 --cap-add NET_ADMIN --cap-drop ALL --read-only "
                   "--cpu-shares 512 --cpuset-cpus 0-1 --oom-score-adj 100 --dns 1.1.1.1 "
                   "--dns-search example.com --dns-option ndots:2 --sysctl net.core.somaxconn=1024 "
                   "--cgroup-parent /custom --privileged --entrypoint /bin/sh busybox -c true")
    pod, container = plan.files["pod-config.json"], plan.files["container-config.json"]
    assert pod["port_mappings"] == [{"protocol": "UDP", "container_port": 80, "host_port": 8080,
                                     "host_ip": "127.0.0.1"}]
    assert pod["dns_config"] == {"servers": ["1.1.1.1"], "searches": ["example.com"],
                                 "options": ["ndots:2"]}
    assert pod["linux"]["sysctls"] == {"net.core.somaxconn": "1024"}
    assert pod["linux"]["cgroup_parent"] == "/custom"
    assert pod["linux"]["security_context"]["privileged"] is True
    assert container["command"] == ["/bin/sh"] and container["args"] == ["-c", "true"]
    assert container["envs"] == [{"key": "A", "value": "1"}]
    assert container["working_dir"] == "/srv"
    sc = container["linux"]["security_context"]
    assert sc["run_as_user"] == {"value": 1000} and sc["run_as_group"] == {"value": 2000}
    assert sc["supplemental_groups"] == [44]
    assert sc["capabilities"] == {"add_capabilities": ["NET_ADMIN"], "drop_capabilities": ["ALL"]}
    assert sc["readonly_rootfs"] is True and sc["privileged"] is True
    assert container["linux"]["resources"] == {"cpu_shares": 512, "cpuset_cpus": "0-1",
                                               "oom_score_adj": 100}
    unconditional = [step.rpc for step in plan.steps if step.rpc and step.when is None]
    assert unconditional == [
        "ImageService.ImageStatus", "RuntimeService.RunPodSandbox",
        "RuntimeService.CreateContainer", "RuntimeService.StartContainer"]
    only_if_missing = [step.rpc for step in plan.steps if step.rpc and step.when is not None
                       and "no image" in step.when.text]
    assert only_if_missing == ["ImageService.PullImage", "ImageService.ImageStatus"]


def test_host_namespaces_and_joining_a_container():
    pod = plan_of("run --network host --pid host --ipc host busybox").files["pod-config.json"]
    assert pod["linux"]["security_context"]["namespace_options"] == {
        "network": "NODE", "pid": "NODE", "ipc": "NODE"}
    joined = plan_of("run --network container:web busybox")
    assert [s.rpc for s in joined.steps if s.rpc][:4] == ["ImageService.ImageStatus",
                                                          "ImageService.PullImage",
                                                          "ImageService.ImageStatus",
                                                          "RuntimeService.ListContainers"]
    assert "RuntimeService.RunPodSandbox" not in [s.rpc for s in joined.steps]


def test_names_are_unique_by_construction():
    one = plan_of("run --name same busybox").files["pod-config.json"]["metadata"]
    two = plan_of("run --name same busybox").files["pod-config.json"]["metadata"]
    assert one == two and one["namespace"] == "dockercri"


def test_ps_without_a_only_asks_for_running_containers():
    steps = {s.key: s for s in plan_of("ps").steps}
    assert steps["containers"].request == {"filter": {"state": {"state": "CONTAINER_RUNNING"}}}
    assert {s.key: s for s in plan_of("ps -a").steps}["containers"].request == {}


def test_bad_values_are_docker_errors_not_tracebacks():
    with pytest.raises(DockerCLIError) as bad_name:
        plan_of("run --name x busybox")
    assert bad_name.value.exit_code == 125
    assert bad_name.value.text("docker").startswith("docker: Invalid container name (x)")
    assert bad_name.value.text("dockercri").endswith("See 'dockercri run --help'.")
    with pytest.raises(DockerCLIError) as bad_port:
        plan_of("run -p 99999:80 busybox")
    assert bad_port.value.exit_code == 125
    with pytest.raises(DockerCLIError) as bad_memory:
        plan_of("run -m lots busybox")
    assert bad_memory.value.exit_code == 125
    assert "invalid size: 'lots'" in bad_memory.value.message


@pytest.mark.parametrize("line, follow", [
    ("run --rm -it busybox sh", "crictl attach -i -t <container id>"),
    ("run -i busybox cat", "crictl attach -i <container id>"),
    ("run -a stdin -a stdout busybox cat", "crictl attach -i <container id>"),
    ("run -t busybox top", "crictl attach -t <container id>"),
    ("run busybox echo hi", "crictl logs -f <container id>"),
])
def test_crictl_follows_a_foreground_run_as_docker_does(line, follow):
    # An interactive run is an attach in crictl too (crictl run has no -i/-t); a run that
    # only prints is followed from its log, which misses nothing a short command prints.
    crictl = plan_of(line).crictl
    assert follow in crictl
    assert ("crictl logs -f <container id>" in crictl) == follow.startswith("crictl logs")
    assert "crictl attach" not in " ".join(plan_of("run -d -it busybox sh").crictl)
