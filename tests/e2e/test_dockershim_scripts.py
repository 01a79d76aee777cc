"""Node scripts in the idioms of the dockershim era run unchanged with `docker` = dockercri.

Each script in node_scripts/ is written as such scripts were written for docker on
kubelet nodes (sandboxes found by their k8s_POD_ names, pids fed to nsenter, ids fed to
xargs, version gates, exit statuses in control flow); none knows it is not talking to
docker. They run with /bin/sh against pods made exactly as the kubelet makes them."""

import json
import os
import subprocess
import sys
import uuid

import pytest

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_scripts")


@pytest.fixture
def sh(runtime_env, tmp_path):
    """Run one of node_scripts/ with a `docker` on PATH that is this checkout's dockercri."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    docker = bin_dir / "docker"
    docker.write_text("#!/bin/sh\nexec %s -m dockercri \"$@\"\n" % sys.executable)
    docker.chmod(0o755)
    env = dict(runtime_env, PATH="%s:%s" % (bin_dir, os.environ.get("PATH", "")))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = root

    def run(script, *args):
        return subprocess.run(["sh", os.path.join(HERE, script)] + [str(a) for a in args],
                              env=env, capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)
    return run


def _namespace():
    return "scripts-" + uuid.uuid4().hex[:6]


def test_pod_netns_enters_the_pods_network_namespace(kube, sh):
    namespace = _namespace()
    pod = kube.pod(name="web", namespace=namespace, host_network=False)
    kube.container(pod, "app", ["sleep", "100"])
    result = sh("pod-netns.sh", "web", namespace)
    assert result.returncode == 0, result
    interfaces = result.stdout.split()
    # the pod's own namespace: its loopback and the CNI's interface, not the node's list
    assert "lo" in interfaces and "eth0" in interfaces, result.stdout
    assert sh("pod-netns.sh", "nosuch", namespace).returncode == 1


def test_version_gate_passes_and_reads_docker_19(sh):
    result = sh("version-gate.sh")
    assert result.returncode == 0, result
    assert result.stdout == "docker 19.03.15: ok\nclient 19.03.15\n"


def test_node_health_counts_pod_sandboxes(kube, sh):
    pod = kube.pod(namespace=_namespace())
    kube.container(pod, "app", ["sleep", "100"])
    result = sh("node-health.sh")
    assert result.returncode == 0, result
    words = result.stdout.split()
    assert words[:2] == ["runtime:", "up,"] and int(words[2]) >= 2 and int(words[4]) >= 1


def test_collect_logs_writes_one_file_per_container(kube, sh, tmp_path):
    namespace = _namespace()
    pod = kube.pod(namespace=namespace)
    for name in ("one", "two"):
        kube.wait_exit(kube.container(pod, name, ["sh", "-c", "echo from-%s" % name]))
    out = tmp_path / "bundle"
    result = sh("collect-logs.sh", namespace, out)
    assert result.returncode == 0, result
    assert result.stdout.strip() == "2"  # the sandbox is not a container of the namespace's
    files = sorted(os.listdir(out))
    assert [name.split("_")[1] for name in files] == ["one", "two"]
    for name in ("one", "two"):
        logged = [f for f in files if f.startswith("k8s_%s_" % name)][0]
        assert (out / logged).read_text() == "from-%s\n" % name


def test_orphan_sandboxes_finds_the_pod_without_containers(kube, sh, cri):
    lonely = kube.pod(namespace=_namespace())
    busy = kube.pod(namespace=_namespace())
    kube.container(busy, "app", ["sleep", "100"])
    result = sh("orphan-sandboxes.sh")
    assert result.returncode == 0, result
    found = result.stdout.split()
    assert lonely[0][:12] in found and busy[0][:12] not in found


def test_extract_binary_copies_out_of_an_image_and_leaves_nothing(sh, testbed, dcri, tmp_path):
    before = dcri("ps", "-aq", "--no-trunc").out.split()
    out = tmp_path / "busybox"
    result = sh("extract-binary.sh", testbed.images["busybox"], "/bin/busybox", out)
    assert result.returncode == 0, result
    assert subprocess.run([str(out), "echo", "hi"], capture_output=True,
                          text=True).stdout == "hi\n"
    assert dcri("ps", "-aq", "--no-trunc").out.split() == before


def test_debug_pod_joins_the_pods_namespaces(kube, sh, testbed, cri):
    namespace = _namespace()
    pod = kube.pod(name="api", namespace=namespace, host_network=False)
    kube.container(pod, "app", ["sleep", "100"])
    result = sh("debug-pod.sh", "api", namespace, testbed.images["busybox"])
    assert result.returncode == 0, result
    cmdline, hostname = result.stdout.splitlines()
    # PID 1 of the pod's pid namespace is the sandbox's pause process
    status = cri.call("RuntimeService.PodSandboxStatus", {"pod_sandbox_id": pod[0],
                                                          "verbose": True})
    pid = json.loads(dict(status.info)["info"])["pid"]
    with open("/proc/%d/cmdline" % pid, "rb") as handle:
        assert cmdline.strip() == handle.read().replace(b"\0", b" ").decode().strip()
    assert hostname == "api"  # the pod's hostname, as the kubelet names it


def test_exit_codes_drive_control_flow(sh, testbed, dcri):
    name = "scripts-exit-" + uuid.uuid4().hex[:6]
    assert dcri("run", "-d", "--name", name, testbed.images["busybox"],
                "sleep", "100").code == 0
    try:
        result = sh("exit-codes.sh", testbed.images["busybox"], name)
    finally:
        dcri("rm", "-f", name)
    assert result.stdout.splitlines() == [
        "run: 3", "run missing command: 127", "exec: 4", "inspect missing: 1",
        "unknown verb: 1"], result


def test_drain_namespace_removes_containers_and_sandboxes(kube, sh, dcri):
    namespace = _namespace()
    for index in range(2):
        pod = kube.pod(namespace=namespace)
        kube.container(pod, "app", ["sleep", "100"])
    other = kube.pod(namespace=_namespace())
    result = sh("drain-namespace.sh", namespace)
    assert result.returncode == 0, result
    assert result.stdout.strip() == "0"
    # nothing outside the namespace was touched
    assert other[0][:12] in dcri("ps", "-q").out.split()


def test_cleanup_has_nothing_to_do_and_succeeds(sh):
    result = sh("cleanup.sh")
    assert (result.returncode, result.stdout) == (0, "Total reclaimed space: 0B\nclean\n"), result


def test_pod_stats_shows_the_sandbox_and_its_containers(kube, sh):
    namespace = _namespace()
    pod = kube.pod(name="db", namespace=namespace, host_network=False)
    kube.container(pod, "app", ["sleep", "100"])
    result = sh("pod-stats.sh", "db", namespace)
    assert result.returncode == 0, result
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [row[0].split("_")[1] for row in rows] == ["POD", "app"]
    for row in rows:
        assert row[1] != "0B" and row[-1] == "1", rows  # a working set; one process each


def test_container_health_falls_back_when_there_is_no_health_check(kube, sh):
    pod = kube.pod(namespace=_namespace())
    app = kube.container(pod, "app", ["sleep", "100"])
    result = sh("container-health.sh", app[:12])
    assert (result.returncode, result.stdout) == (0, "%s running=true health=none\n" % app[:12])
    assert sh("container-health.sh", "nosuch").returncode == 2
