"""Kubelet pod sandboxes are containers, as under dockershim: k8s_POD_<pod>_<ns>_<uid>_<n>
names and sandbox ids work where a container is expected.

Pods are made as the kubelet makes them (tests/e2e/conftest.py's Kube); nothing here
touches a pod it did not make."""

import json
import os

from dockercri.names import sandbox_name


def _sandbox(cri, pod_id):
    return cri.call("RuntimeService.PodSandboxStatus", {"pod_sandbox_id": pod_id,
                                                        "verbose": True})


def _name(cri, pod_id):
    pods = cri.call("RuntimeService.ListPodSandbox", {"filter": {"id": pod_id}}).items
    return sandbox_name(pods[0])


def _pid(cri, pod_id):
    info = json.loads(dict(_sandbox(cri, pod_id).info)["info"])
    return int(info["pid"])


def test_stop_by_k8s_pod_name_stops_the_sandbox_and_wait_returns(kube, cri, dcri):
    pod = kube.pod(host_network=True)
    name = _name(cri, pod[0])
    result = dcri("stop", "-t", "1", name)
    assert result.code == 0, result
    assert result.out == name + "\n"
    assert _sandbox(cri, pod[0]).status.state == 1  # SANDBOX_NOTREADY
    waited = dcri("wait", name)
    assert (waited.code, waited.out) == (0, "0\n"), waited


def test_kill_sends_the_signal_to_the_pause_process(kube, cri, dcri):
    pod = kube.pod(host_network=True)
    pid = _pid(cri, pod[0])
    result = dcri("kill", "-s", "WINCH", pod[0][:12])  # a sandbox id prefix
    assert result.code == 0, result
    assert result.out == pod[0][:12] + "\n"
    assert os.path.exists("/proc/%d" % pid)  # WINCH is ignored: still running
    killed = dcri("kill", _name(cri, pod[0]))
    assert killed.code == 0, killed
    assert _sandbox(cri, pod[0]).status.state == 1


def test_rm_refuses_a_running_sandbox_and_rm_f_removes_the_pod(kube, cri, dcri):
    pod = kube.pod(host_network=True)
    kube.container(pod, "app", ["sleep", "100"])
    name = _name(cri, pod[0])
    refused = dcri("rm", name)
    assert refused.code == 1
    assert refused.err == ("Error response from daemon: You cannot remove a running container "
                           "%s. Stop the container before attempting removal or force remove\n"
                           % pod[0])
    removed = dcri("rm", "-f", name)
    assert (removed.code, removed.out) == (0, name + "\n"), removed
    left = cri.call("RuntimeService.ListPodSandbox", {"filter": {"id": pod[0]}}).items
    assert list(left) == []


def test_start_of_a_sandbox_is_refused_with_the_reason(kube, cri, dcri):
    pod = kube.pod(host_network=True)
    name = _name(cri, pod[0])
    result = dcri("start", name)
    assert result.code == 1
    assert "CRI cannot start a pod sandbox again" in result.err
    assert "Error: failed to start containers: %s" % name in result.err


def test_run_joins_a_sandbox_network_and_pid_namespace(kube, cri, dcri, testbed):
    pod = kube.pod(host_network=False)
    pid = _pid(cri, pod[0])
    name = _name(cri, pod[0])
    result = dcri("run", "--rm", "--network", "container:" + name, "--pid", "container:" + name,
                  testbed.images["busybox"], "sh", "-c",
                  "ls -l /proc/self/ns/net | sed 's/.*-> //'; tr '\\0' ' ' < /proc/1/cmdline")
    assert result.code == 0, result
    net, first_process = result.out.split("\n", 1)
    assert net == os.readlink("/proc/%d/ns/net" % pid)
    # In the pod's pid namespace, process 1 is the sandbox's pause process, not this shell.
    with open("/proc/%d/cmdline" % pid, "rb") as handle:
        pause = handle.read().replace(b"\0", b" ").decode()
    assert first_process.strip() == pause.strip()


def test_restart_of_a_kubelet_container_waits_for_the_replacement(kube, cri, dcri, runtime_env):
    """restart stops a kubelet container and waits until the kubelet's replacement runs.
    No kubelet runs here: a stand-in does what the kubelet does (a new container of the same
    name, attempt + 1, in the same pod) once the old one has exited."""
    import threading
    import time

    from tests.conftest import run_cli

    pod = kube.pod(host_network=True)
    old = kube.container(pod, "app", ["sh", "-c", "trap 'exit 0' TERM; sleep 100 & wait"])
    name = run_cli(["ps", "--filter", "id=" + old, "--format", "{{.Names}}"],
                   environ=runtime_env).out.strip()
    assert name.startswith("k8s_app_"), name

    def stand_in_kubelet():
        kube.wait_exit(old, timeout=30)
        time.sleep(1.0)
        kube.container(pod, "app", ["sleep", "100"], attempt=1)
    helper = threading.Thread(target=stand_in_kubelet)
    helper.start()
    result = dcri("restart", "-t", "5", name)
    helper.join()
    assert (result.code, result.out) == (0, name + "\n"), result


def test_restart_of_a_kubelet_container_says_when_no_replacement_comes(kube, cri, dcri,
                                                                      monkeypatch):
    pod = kube.pod(host_network=True)
    old = kube.container(pod, "app", ["sh", "-c", "trap 'exit 0' TERM; sleep 100 & wait"])
    monkeypatch.setenv("DOCKERCRI_KUBELET_WAIT", "2")  # read when the plan is made
    result = dcri("restart", old[:12])
    assert result.code == 1
    assert result.err == ("Error response from daemon: %s was stopped, but the kubelet ran no "
                          "replacement within 2s (CRI cannot start a kubelet's container "
                          "again): see the kubelet's log\n" % old[:12])
    assert kube.wait_exit(old).state == 2


def test_every_listing_form_lists_sandboxes_as_the_table_does(kube, cri, dcri):
    pod = kube.pod(host_network=True)
    app = kube.container(pod, "app", ["sleep", "100"])
    name = _name(cri, pod[0])
    table = dcri("ps", "--no-trunc", "--format", "{{.ID}} {{.Names}}").out.split("\n")
    assert "%s %s" % (pod[0], name) in table
    assert pod[0][:12] in dcri("ps", "-q").out.split()
    assert pod[0] in dcri("ps", "-aq", "--no-trunc").out.split()
    # dockershim's labels select sandboxes and containers apart
    sandboxes = dcri("ps", "-q", "--no-trunc", "--filter",
                     "label=io.kubernetes.docker.type=podsandbox").out.split()
    containers = dcri("ps", "-q", "--no-trunc", "--filter",
                      "label=io.kubernetes.docker.type=container").out.split()
    assert pod[0] in sandboxes and pod[0] not in containers
    assert app in containers and app not in sandboxes
    pod_rows = dcri("ps", "--filter", "label=io.kubernetes.container.name=POD",
                    "--format", "{{.Names}}").out.split()
    assert name in pod_rows and all(row.startswith("k8s_POD_") for row in pod_rows)
    # a stopped sandbox is listed with -a only
    kube.cri.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod[0]})
    assert pod[0][:12] not in dcri("ps", "-q").out.split()
    assert pod[0][:12] in dcri("ps", "-aq").out.split()


def test_inspect_of_a_sandbox_is_docker_shaped(kube, cri, dcri):
    pod = kube.pod(host_network=False, labels={"app": "web"})
    name = _name(cri, pod[0])
    result = dcri("inspect", name)
    assert result.code == 0, result
    document = json.loads(result.out)[0]
    assert document["Id"] == pod[0]
    assert document["Name"] == "/" + name
    assert document["State"]["Running"] is True
    assert document["State"]["Pid"] == _pid(cri, pod[0])
    assert document["Config"]["Labels"]["app"] == "web"
    assert document["Config"]["Labels"]["io.kubernetes.docker.type"] == "podsandbox"
    assert document["Config"]["Labels"]["io.kubernetes.container.name"] == "POD"
    assert document["Config"]["Image"]
    ip = _sandbox(cri, pod[0]).status.network.ip
    assert ip and document["NetworkSettings"]["IPAddress"] == ip
    pid = dcri("inspect", "-f", "{{.State.Pid}}", pod[0][:12])
    assert pid.out.strip() == str(_pid(cri, pod[0]))
    # inspectp keeps crictl's shape
    crictl = json.loads(dcri("inspectp", pod[0]).out)
    assert crictl["status"]["id"] == pod[0]


def test_logs_of_a_sandbox_are_empty(kube, cri, dcri):
    pod = kube.pod(host_network=True)
    result = dcri("logs", _name(cri, pod[0]))
    assert (result.code, result.out, result.err) == (0, "", "")


def test_top_of_a_sandbox_shows_its_pause_process(kube, cri, dcri):
    pod = kube.pod(host_network=True)
    result = dcri("top", _name(cri, pod[0]))
    assert result.code == 0, result
    header, *rows = result.out.splitlines()
    assert header.split()[:3] == ["UID", "PID", "PPID"]
    assert [row.split()[1] for row in rows] == [str(_pid(cri, pod[0]))]


def _busy_in_cgroup_of(pid):
    """A shell spinning in the CPU accounting cgroup of process `pid` (v1 cpuacct, or the
    v2 unified one)."""
    import subprocess
    from dockercri.node.cgroups import cgroup_paths
    paths = cgroup_paths(pid)
    folder = paths.get("cpuacct") or paths[""]
    busy = subprocess.Popen(["sh", "-c", "while :; do :; done"])
    with open(os.path.join(folder, "cgroup.procs"), "w") as handle:
        handle.write(str(busy.pid))
    return busy


def test_stats_of_a_sandbox_reads_its_pause_process(kube, cri, dcri):
    pod = kube.pod(host_network=False)
    name = _name(cri, pod[0])
    form = "{{.Name}}|{{.ID}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}|{{.NetIO}}"
    result = dcri("stats", "--no-stream", "--format", form, name)
    assert result.code == 0, result
    row = result.out.rstrip("\n").split("|")
    assert row[:2] == [name, pod[0][:12]]
    assert row[2].endswith("%")
    used, limit = row[3].split(" / ")
    assert used != "0B" and limit != "0B"  # the pause process's working set, the node's memory
    assert row[4] == "1"  # the pause process alone
    assert row[5] != "--"
    # listed without names, as dockershim listed its k8s_POD_ containers
    assert name in dcri("stats", "--no-stream", "--format", "{{.Name}}").out.split()
    # CPU % is the sandbox cgroup's: a busy loop moved into it shows
    busy = _busy_in_cgroup_of(_pid(cri, pod[0]))
    try:
        cpu = dcri("stats", "--no-stream", "--format", "{{.CPUPerc}}", name).out.strip()
    finally:
        busy.kill()
        busy.wait()
    assert float(cpu.rstrip("%")) > 50.0, cpu
    # a sandbox that is not ready: left out, and with -a a row of zeros
    kube.cri.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod[0]})
    assert name not in dcri("stats", "--no-stream", "--format", "{{.Name}}").out.split()
    rows = dcri("stats", "-a", "--no-stream", "--format",
                "{{.Name}} {{.MemUsage}} {{.PIDs}}").out.splitlines()
    assert "%s 0B / 0B 0" % name in rows


def test_exec_attach_and_start_a_of_a_sandbox_say_why_not(kube, cri, dcri):
    pod = kube.pod(host_network=True)
    name = _name(cri, pod[0])
    result = dcri("exec", name, "ls")
    assert result.code == 126, result  # as an exec in a pause image ended under dockershim
    assert result.err.startswith("Error response from daemon: cannot exec in %s: it is the "
                                 "sandbox of kubelet pod " % name), result.err
    assert "\nInstead: on the node, nsenter -t PID" in result.err
    result = dcri("attach", pod[0][:12])
    assert result.code == 1 and "cannot attach to %s" % name in result.err, result
    result = dcri("start", "-a", name)
    assert result.code == 1 and "CRI cannot start a pod sandbox again" in result.err, result


def _frozen(pid):
    """The cgroup freezer's state of the process (v1 freezer.state, v2 cgroup.freeze)."""
    from dockercri.node.cgroups import cgroup_paths
    paths = cgroup_paths(pid)
    if paths.get("freezer"):
        with open(os.path.join(paths["freezer"], "freezer.state")) as handle:
            return handle.read().strip() == "FROZEN"
    with open(os.path.join(paths[""], "cgroup.freeze")) as handle:
        return handle.read().strip() == "1"


def test_port_pause_cp_and_export_of_a_sandbox(kube, cri, dcri, tmp_path):
    from dockercri.node.run import free_port
    port = free_port("tcp")
    pod = kube.pod(host_network=False, ports=[(80, port)])
    name = _name(cri, pod[0])
    result = dcri("port", name)
    assert (result.code, result.out) == (0, "80/tcp -> 0.0.0.0:%d\n" % port), result
    # pause freezes the pause process, as docker froze the k8s_POD_ container
    assert dcri("pause", name).out == name + "\n"
    try:
        assert _frozen(_pid(cri, pod[0]))
    finally:
        assert dcri("unpause", name).code == 0
    assert not _frozen(_pid(cri, pod[0]))
    # cp and export reach the sandbox's root: running, then stopped (its snapshot)
    assert dcri("cp", name + ":/bin/busybox", str(tmp_path / "out")).code == 0
    assert (tmp_path / "out").stat().st_size > 0
    kube.cri.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod[0]})
    (tmp_path / "in.txt").write_text("hello\n")
    assert dcri("cp", str(tmp_path / "in.txt"), name + ":/in.txt").code == 0
    back = dcri("cp", name + ":/in.txt", str(tmp_path / "back.txt"))
    assert back.code == 0 and (tmp_path / "back.txt").read_text() == "hello\n", back
    archive = tmp_path / "rootfs.tar"
    assert dcri("export", "-o", str(archive), name).code == 0
    import tarfile
    with tarfile.open(archive) as tar:
        assert "in.txt" in tar.getnames()


def test_a_kubelet_container_joins_its_sandbox_as_under_dockershim(kube, cri, dcri):
    pod = kube.pod(host_network=False)
    app = kube.container(pod, "app", ["sleep", "100"])
    form = "{{.HostConfig.NetworkMode}}|{{.HostConfig.IpcMode}}|{{.HostConfig.PidMode}}"
    modes = dcri("inspect", "-f", form, app).out.rstrip("\n").split("|")
    assert modes == ["container:" + pod[0], "container:" + pod[0], ""], modes
    # scripts take the sandbox from there, then its pid
    sandbox = modes[0].split(":", 1)[1]
    assert dcri("inspect", "-f", "{{.State.Pid}}", sandbox).out == "%d\n" % _pid(cri, pod[0])
    on_node = kube.pod(host_network=True)
    node_app = kube.container(on_node, "app", ["sleep", "100"])
    assert dcri("inspect", "-f", form, node_app).out == "host|container:%s|\n" % on_node[0]


def test_system_df_and_info_count_sandboxes_as_ps_lists_them(kube, dcri):
    pod = kube.pod(host_network=True)
    kube.container(pod, "app", ["sleep", "100"])
    listed = len(dcri("ps", "-aq").out.split())
    rows = dict(line.split("=", 1) for line in dcri(
        "system", "df", "--format", "{{.Type}}={{.TotalCount}} {{.Active}}").out.splitlines())
    assert rows["Containers"].split()[0] == str(listed), rows
    assert dcri("info", "-f", "{{.Containers}}").out == "%d\n" % listed
    # the sandbox image is in use while the pod exists
    active_images = int(rows["Images"].split()[1])
    assert active_images >= 2, rows  # busybox (the app) and the pause image
