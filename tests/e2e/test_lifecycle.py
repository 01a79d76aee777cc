"""run, create, start, stop, kill, rm, restart, wait, update, prune and the pod verbs."""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:6])


@pytest.fixture
def names_to_remove(dcri):
    made = []
    yield made
    for name in made:
        dcri("rm", "-f", name)


def pods_named(cri, name):
    return [p for p in cri.call("RuntimeService.ListPodSandbox", {}).items
            if p.metadata.name == name]


def test_run_attached_prints_output_and_exits_with_its_code(dcri, testbed, names_to_remove):
    name = unique("exit7")
    names_to_remove.append(name)
    result = dcri("run", "--name", name, testbed.images["busybox"], "sh", "-c",
                  "echo out; echo err >&2; exit 7")
    assert (result.code, result.out, result.err) == (7, "out\n", "err\n")
    state = json.loads(dcri("inspect", name).out)[0]["State"]
    assert state["Status"] == "exited" and state["ExitCode"] == 7


def test_run_rm_leaves_nothing(dcri, cri, testbed):
    name = unique("gone")
    result = dcri("run", "--rm", "--name", name, testbed.images["busybox"], "echo", "hi")
    assert (result.code, result.out) == (0, "hi\n")
    assert pods_named(cri, name) == []


def test_run_detached_prints_the_id_and_keeps_running(dcri, testbed, names_to_remove):
    name = unique("bg")
    names_to_remove.append(name)
    result = dcri("run", "-d", "--name", name, testbed.images["busybox"], "sleep", "100")
    assert result.code == 0 and len(result.out.strip()) == 64
    assert json.loads(dcri("inspect", name).out)[0]["State"]["Running"] is True


def test_run_generates_docker_style_names(dcri, testbed, names_to_remove):
    cid = dcri("run", "-d", testbed.images["busybox"], "sleep", "100").out.strip()
    name = json.loads(dcri("inspect", cid).out)[0]["Name"].lstrip("/")
    names_to_remove.append(name)
    adjective, _, surname = name.partition("_")
    assert adjective.isalpha() and surname.isalpha()


def test_run_applies_env_workdir_user_labels_hostname(dcri, testbed, tmp_path, names_to_remove):
    name = unique("cfg")
    names_to_remove.append(name)
    env_file = tmp_path / "env"
    env_file.write_text("# comment\nFROM_FILE=1\n")
    result = dcri("run", "--name", name, "-e", "A=1", "--env-file", str(env_file), "-w", "/tmp",
                  "-u", "65534:65534", "-h", "box", "-l", "team=ops", testbed.images["busybox"],
                  "sh", "-c", 'echo "$A $FROM_FILE $(pwd) $(id -u):$(id -g) $(hostname)"')
    assert result.code == 0, result
    assert result.out.strip() == "1 1 /tmp 65534:65534 box"
    config = json.loads(dcri("inspect", name).out)[0]["Config"]
    assert config["Labels"]["team"] == "ops" and "A=1" in config["Env"]


def test_run_entrypoint_override(dcri, testbed):
    result = dcri("run", "--rm", "--entrypoint", "/bin/echo", testbed.images["echo"], "x", "y")
    assert (result.code, result.out) == (0, "x y\n")
    image_default = dcri("run", "--rm", testbed.images["echo"])
    assert image_default.out == "hello\n"


def test_run_bind_mount_read_only(dcri, testbed, tmp_path):
    (tmp_path / "data.txt").write_text("from host\n")
    result = dcri("run", "--rm", "-v", "%s:/data:ro" % tmp_path, testbed.images["busybox"],
                  "sh", "-c", "cat /data/data.txt; touch /data/new 2>/dev/null || echo readonly")
    assert result.out == "from host\nreadonly\n"
    mounted = dcri("run", "--rm", "--mount", "type=bind,source=%s,target=/m" % tmp_path,
                   testbed.images["busybox"], "cat", "/m/data.txt")
    assert mounted.out == "from host\n"


def test_run_memory_and_cpu_limits_reach_the_cgroup(dcri, testbed, names_to_remove):
    name = unique("limits")
    names_to_remove.append(name)
    result = dcri("run", "-d", "--name", name, "-m", "64m", "--cpus", "0.5",
                  testbed.images["busybox"], "sleep", "100")
    assert result.code == 0, result
    host = json.loads(dcri("inspect", name).out)[0]["HostConfig"]
    assert host["Memory"] == 64 * 1024 * 1024
    assert (host["CpuQuota"], host["CpuPeriod"]) == (50000, 100000)


def test_run_host_network_and_read_only_rootfs(dcri, testbed):
    result = dcri("run", "--rm", "--network", "host", "--read-only", testbed.images["busybox"],
                  "sh", "-c", "hostname; touch /x 2>/dev/null || echo ro")
    assert result.out.splitlines() == [os.uname().nodename, "ro"]


def test_run_publish_reaches_a_server(dcri, testbed, names_to_remove):
    import urllib.request
    name = unique("http")
    names_to_remove.append(name)
    assert dcri("run", "-d", "--name", name, "-p", "127.0.0.1:18181:80",
                testbed.images["busybox"], "sh", "-c",
                "echo served > /tmp/index.html; httpd -f -p 80 -h /tmp").code == 0
    deadline = time.time() + 10
    while True:
        try:
            body = urllib.request.urlopen("http://127.0.0.1:18181/index.html", timeout=2).read()
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    assert body == b"served\n"
    assert "127.0.0.1:18181->80/tcp" in dcri("ps").out


def test_run_joins_another_containers_network(dcri, testbed, names_to_remove):
    first, second = unique("net1"), unique("net2")
    names_to_remove.extend([second, first])
    dcri("run", "-d", "--name", first, testbed.images["busybox"], "sh", "-c",
         "echo joined > /tmp/i.html; httpd -f -p 8099 -h /tmp")
    result = dcri("run", "--name", second, "--network", "container:" + first,
                  testbed.images["busybox"], "sh", "-c",
                  "for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://127.0.0.1:8099/i.html && "
                  "exit 0; sleep 0.3; done; exit 1")
    assert (result.code, result.out) == (0, "joined\n")
    removed = dcri("rm", second)
    assert removed.code == 0
    assert json.loads(dcri("inspect", first).out)[0]["State"]["Running"] is True


def test_command_not_found_and_not_executable(dcri, cri, testbed):
    missing = dcri("run", "--rm", "--name", unique("nf"), testbed.images["busybox"], "nosuchcmd")
    assert missing.code == 127
    assert 'exec: "nosuchcmd": executable file not found in $PATH' in missing.err
    assert missing.err.startswith("docker: Error response from daemon: ")
    denied = dcri("run", "--rm", testbed.images["busybox"], "/etc/passwd")
    assert denied.code == 126 and "permission denied" in denied.err


def test_failures_leave_nothing_half_made(dcri, cri, testbed):
    name = unique("half")
    missing = dcri("run", "--name", name, testbed.images["busybox"], "nosuchcmd")
    assert missing.code == 127
    assert pods_named(cri, name) == []
    bad_mount = dcri("run", "--name", name, "--mount", "type=bind,src=/nonexistent-dir-xyz,dst=/x",
                     testbed.images["busybox"], "true")
    assert bad_mount.code == 125
    assert 'bind source path does not exist: /nonexistent-dir-xyz' in bad_mount.err
    assert pods_named(cri, name) == []
    no_image = dcri("run", "--name", name, "127.0.0.1:5000/library/nosuch:1")
    assert no_image.code == 125
    assert no_image.err.startswith("Unable to find image '127.0.0.1:5000/library/nosuch:1' "
                                   "locally\ndocker: Error response from daemon: ")
    assert pods_named(cri, name) == []


def test_add_host_volumes_from_and_random_host_port(dcri, testbed, tmp_path, names_to_remove):
    source, user = unique("vsrc"), unique("vuse")
    names_to_remove.extend([user, source])
    (tmp_path / "f").write_text("shared\n")
    dcri("run", "-d", "--name", source, "-v", "%s:/shared" % tmp_path, testbed.images["busybox"],
         "sleep", "100")
    result = dcri("run", "--name", user, "--volumes-from", source, "--add-host", "db:10.1.2.3",
                  "-p", "80", testbed.images["busybox"], "sh", "-c",
                  "cat /shared/f; grep db /etc/hosts")
    assert result.code == 0, result
    assert result.out.splitlines() == ["shared", "10.1.2.3\tdb"]
    ports = [line for line in dcri("ps", "-a").out.splitlines() if line.endswith(" " + user)][0]
    assert "->80/tcp" in ports and "0.0.0.0:0->" not in ports


def test_name_in_use(dcri, testbed, names_to_remove):
    name = unique("dup")
    names_to_remove.append(name)
    first = dcri("run", "-d", "--name", name, testbed.images["busybox"], "sleep", "100")
    second = dcri("run", "--name", name, testbed.images["busybox"], "true")
    assert second.code == 125
    assert second.err == (
        'docker: Error response from daemon: Conflict. The container name "/%s" is already in '
        'use by container "%s". You have to remove (or rename) that container to be able to '
        "reuse that name.\nSee 'docker run --help'.\n" % (name, first.out.strip()))
    created = dcri("create", "--name", name, testbed.images["busybox"], "true")
    assert created.code == 1 and created.err.startswith("Error response from daemon: Conflict.")


def test_concurrent_runs_with_one_name_make_exactly_one(runtime_env, dcri, cri, testbed):
    name = unique("race")
    argv = [sys.executable, "-m", "dockercri", "run", "-d", "--name", name,
            testbed.images["busybox"], "sleep", "100"]
    procs = [subprocess.Popen(argv, env=runtime_env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(8)]
    codes = [proc.wait(timeout=120) for proc in procs]
    try:
        assert codes.count(0) == 1, codes
        assert set(codes) <= {0, 125}
        assert len(pods_named(cri, name)) == 1
    finally:
        dcri("rm", "-f", name)


def test_unsupported_flag_is_refused_with_a_reason(dcri, cri, testbed):
    name = unique("restart")
    result = dcri("run", "--restart", "always", "--name", name, testbed.images["busybox"], "true")
    assert result.code == 125
    assert "--restart" in result.err and "CRI" in result.err
    assert pods_named(cri, name) == []


def test_create_start_stop_restart_kill_wait(dcri, testbed, names_to_remove):
    name = unique("life")
    names_to_remove.append(name)
    created = dcri("create", "--name", name, testbed.images["busybox"], "sleep", "100")
    assert created.code == 0 and len(created.out.strip()) == 64
    assert "Created" in dcri("ps", "-a", "--filter", "name=%s" % name).out or \
        "Created" in dcri("ps", "-a").out
    assert dcri("start", name).out == name + "\n"
    assert json.loads(dcri("inspect", name).out)[0]["State"]["Running"] is True
    assert dcri("stop", "-t", "1", name).out == name + "\n"
    old_id = json.loads(dcri("inspect", name).out)[0]["Id"]
    assert dcri("start", name).code == 0
    state = json.loads(dcri("inspect", name).out)[0]
    assert state["State"]["Running"] is True and state["Id"] != old_id
    assert dcri("restart", "-t", "1", name).out == name + "\n"
    assert dcri("kill", name).out == name + "\n"
    assert dcri("wait", name).out == "137\n"
    not_running = dcri("kill", name)
    assert not_running.code == 1 and "is not running" in not_running.err


def test_kill_with_a_signal_reaches_the_process(dcri, testbed, names_to_remove):
    name = unique("sig")
    names_to_remove.append(name)
    dcri("run", "-d", "--name", name, testbed.images["busybox"], "sh", "-c",
         "trap 'echo got HUP; exit 4' HUP; while true; do sleep 0.1; done")
    time.sleep(0.5)
    assert dcri("kill", "-s", "HUP", name).out == name + "\n"
    assert dcri("wait", name).out == "4\n"
    assert "got HUP" in dcri("logs", name).out


def test_rm_refuses_running_and_reports_each(dcri, testbed, names_to_remove):
    running, stopped = unique("run"), unique("stopped")
    names_to_remove.extend([running, stopped])
    dcri("run", "-d", "--name", running, testbed.images["busybox"], "sleep", "100")
    dcri("run", "--name", stopped, testbed.images["busybox"], "true")
    result = dcri("rm", running, stopped, "nosuch")
    assert result.code == 1
    assert result.out == stopped + "\n"
    assert "You cannot remove a running container" in result.err
    assert "Error: No such container: nosuch" in result.err
    forced = dcri("rm", "-f", running, "nosuch")
    assert (forced.code, forced.out) == (0, running + "\n")


def test_stop_start_wait_of_missing_container(dcri):
    stop = dcri("stop", "nosuch")
    assert (stop.code, stop.err) == (1, "Error response from daemon: No such container: nosuch\n")
    start = dcri("start", "nosuch")
    assert start.err == ("Error response from daemon: No such container: nosuch\n"
                         "Error: failed to start containers: nosuch\n")


def test_update_changes_memory(dcri, testbed, names_to_remove):
    name = unique("upd")
    names_to_remove.append(name)
    dcri("run", "-d", "--name", name, "-m", "64m", testbed.images["busybox"], "sleep", "100")
    result = dcri("update", "-m", "128m", name)
    assert (result.code, result.out) == (0, name + "\n")
    out = dcri("run", "--rm", "--network", "host", testbed.images["busybox"], "true")
    assert out.code == 0
    none = dcri("update", name)
    assert none.code == 1 and "one or more flags" in none.err
    refused = dcri("update", "--restart", "always", name)
    assert refused.code == 125


def test_container_prune_removes_only_stopped_dockercri_containers(dcri, cri, kube, testbed,
                                                                   names_to_remove):
    stopped, running, other = unique("pr1"), unique("pr2"), unique("pr3")
    names_to_remove.extend([stopped, running, other])
    # Every container here carries a label of this run, and prune is filtered by it: on a
    # shared runtime an unfiltered prune would remove other people's stopped containers.
    mine = "io.dockercri.test.prune=%s" % stopped
    made = [dcri("run", "--label", mine, "--name", stopped, testbed.images["busybox"], "true"),
            dcri("run", "-d", "--label", mine, "--name", running, testbed.images["busybox"],
                 "sleep", "100")]
    made.append(dcri("run", "--name", other, testbed.images["busybox"], "true"))  # unlabelled
    assert [r.code for r in made] == [0, 0, 0], made
    pod = kube.pod(name=unique("kpod"))
    kube_cid = kube.container(pod, "done", ["true"], labels=dict([mine.split("=")]))
    kube.wait_exit(kube_cid)
    stopped_id = dcri("inspect", "-f", "{{.Id}}", stopped).out.strip()
    before = dcri("ps", "-a", "--no-trunc", "-f", "label=" + mine,
                  "--format", "{{.ID}} {{.Names}} {{.Status}}").out
    result = dcri("container", "prune", "-f", "--filter", "label=" + mine)
    assert result.code == 0
    assert result.out == "Deleted Containers:\n%s\n\nTotal reclaimed space: 0B\n" % stopped_id, (
        result, "before the prune:\n" + before)
    assert len(pods_named(cri, other)) == 1  # the filter kept what it does not select
    kept = dcri("container", "prune", "-f", "--filter", "label!=io.dockercri.test.prune",
                "--filter", "until=2000-01-01T00:00:00Z")
    assert (kept.code, kept.out) == (0, "Total reclaimed space: 0B\n")
    assert len(pods_named(cri, other)) == 1
    assert pods_named(cri, stopped) == [] and len(pods_named(cri, running)) == 1
    assert any(c.id == kube_cid for c in cri.call("RuntimeService.ListContainers", {}).containers)


def test_pod_verbs(dcri, cri, tmp_path):
    name = unique("rawpod")
    config = {"metadata": {"name": name, "namespace": "default", "uid": uuid.uuid4().hex,
                           "attempt": 0},
              "linux": {"security_context": {"namespace_options": {"network": 2}}},
              "labels": {"io.dockercri.test": "1"}}
    path = tmp_path / "pod.json"
    path.write_text(json.dumps(config))
    made = dcri("runp", str(path))
    assert made.code == 0, made
    pod_id = made.out.strip()
    assert len(pod_id) == 64
    refused = dcri("rmp", name)
    assert refused.code == 1 and "running" in refused.err
    assert dcri("stopp", pod_id[:8]).out == "Stopped sandbox %s\n" % pod_id
    assert dcri("rmp", name).out == "Removed sandbox %s\n" % pod_id
    assert pods_named(cri, name) == []
    yaml_path = tmp_path / "pod.yaml"
    yaml_path.write_text("metadata:\n  name: %s\n  namespace: default\n  uid: u-%s\n"
                         "linux:\n  security_context:\n    namespace_options:\n      network: 2\n"
                         % (name, uuid.uuid4().hex[:6]))
    again = dcri("runp", str(yaml_path))
    assert again.code == 0, again
    assert dcri("rmp", "-f", again.out.strip()).code == 0


def test_refusals_can_be_downgraded_to_warnings(runtime_env, dcri, testbed):
    from tests.conftest import run_cli
    environ = dict(runtime_env, DOCKERCRI_UNSUPPORTED="warn")
    result = run_cli(["run", "--rm", "--restart", "always", testbed.images["busybox"], "echo",
                      "ran"], environ=environ)
    assert (result.code, result.out) == (0, "ran\n")
    assert result.err.startswith("WARNING: ignored, --restart: ")
    refused = dcri("run", "--rm", "--restart", "always", testbed.images["busybox"], "true")
    assert refused.code == 125 and "DOCKERCRI_UNSUPPORTED=warn" in refused.err


def test_ps_size_is_what_the_container_wrote_just_now(dcri, testbed, names_to_remove):
    name = "size-" + uuid.uuid4().hex[:6]
    names_to_remove.append(name)
    result = dcri("run", "-d", "--name", name, testbed.images["busybox"], "sh", "-c",
                  "dd if=/dev/zero of=/written bs=1024 count=100 2>/dev/null; "
                  "ln /written /again; touch /ready; sleep 100")
    assert result.code == 0, result
    assert dcri("exec", name, "sh", "-c",
                "until [ -e /ready ]; do sleep 0.1; done").code == 0
    # 102400 bytes (the hard link counted once), as docker measures the writable layer,
    # at once; the runtime's own figure is refreshed only every few seconds
    sized = dcri("ps", "-s", "--filter", "name=" + name, "--format", "{{.Size}}").out
    assert sized.startswith("102kB (virtual "), sized
    # a --format that prints .Size gets sizes without -s, as docker's client asks for them
    assert dcri("ps", "--filter", "name=" + name, "--format",
                "{{.Size}}").out.startswith("102kB (virtual ")
