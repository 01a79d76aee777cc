"""version, info, images, ps, inspect, logs, stats, pods, inspectp, imagefsinfo against containerd."""

import json
import re
import time
import uuid

import pytest


@pytest.fixture
def web(dcri, testbed):
    name = "web-" + uuid.uuid4().hex[:6]
    result = dcri("run", "-d", "--name", name, "-l", "app=web", testbed.images["busybox"],
                  "sleep", "1000")
    assert result.code == 0, result
    yield name, result.out.strip()
    dcri("rm", "-f", name)


@pytest.fixture
def exited(dcri, testbed):
    name = "exit3-" + uuid.uuid4().hex[:6]
    result = dcri("run", "--name", name, testbed.images["busybox"], "sh", "-c", "exit 3")
    assert result.code == 3, result
    yield name
    dcri("rm", "-f", name)


def test_version_names_the_runtime(dcri):
    result = dcri("version")
    assert result.code == 0
    assert result.out.startswith("Client:\n Version:           19.03.15\n"
                                 " API version:       1.40\n")
    assert "\nServer:\n Engine:\n  Version:          19.03.15\n" in result.out
    assert "  API version:      1.40 (minimum version 1.12)\n" in result.out
    # the runtime is a component, with the version CRI's Version call gives
    assert re.search(r"\n containerd:\n  Version:\s+1\.\d+\.", result.out)
    assert "\n dockercri:\n" in result.out


def test_version_flag_and_formats_report_docker_19_03(dcri):
    assert dcri("-v").out == "Docker version 19.03.15, build dockercri-0.1.0\n"
    assert dcri("--version").out.split()[2] == "19.03.15,"
    assert dcri("version", "--format", "{{.Client.Version}} {{.Server.Version}}").out == \
        "19.03.15 19.03.15\n"
    assert dcri("info", "--format", "{{.ServerVersion}}").out == "19.03.15\n"
    failed = dcri("version", "--format", "x{{.Client.ApiVersion}}")
    assert (failed.code, failed.out) == (1, "x\n")
    assert failed.err == ('template: version:1:10: executing "version" at <.Client.ApiVersion>: '
                          "can't evaluate field ApiVersion in type system.clientVersion\n")


def test_version_without_runtime_prints_client_then_fails(tmp_path):
    from tests.conftest import run_cli
    sock = "unix://%s/none.sock" % tmp_path
    result = run_cli(["version"], environ={"CONTAINER_RUNTIME_ENDPOINT": sock})
    assert result.code == 1
    assert result.out.startswith("Client:")
    assert result.err.strip() == ("Cannot connect to the CRI runtime at %s. "
                                  "Is the container runtime running?" % sock)


def test_info_counts_containers(dcri, web, exited):
    result = dcri("info")
    assert result.code == 0, result
    counts = dict(re.findall(r"^ {1,2}(Containers|Running|Stopped|Images): (\d+)$", result.out, re.M))
    assert int(counts["Running"]) >= 1 and int(counts["Stopped"]) >= 1
    assert int(counts["Containers"]) >= 2
    assert "RuntimeReady: true" in result.out


def test_images_lists_tags_ids_and_sizes(dcri, testbed):
    result = dcri("images")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"]
    row = next(line for line in lines if line.startswith("127.0.0.1:5000/library/busybox "))
    repo, tag, image_id = row.split()[:3]
    assert tag == "1.35" and re.fullmatch(r"[0-9a-f]{12}", image_id)
    quiet = dcri("images", "-q").out.split()
    assert image_id in quiet and len(quiet) == len(set(quiet))
    full = dcri("images", "--no-trunc", "-q").out.split()
    assert any(ident.startswith("sha256:" + image_id) for ident in full)


def test_images_filters_by_repository_and_tag(dcri):
    repo = "127.0.0.1:5000/library/busybox"
    one = dcri("images", repo + ":1.35").out.splitlines()
    assert len(one) == 2 and one[1].split()[1] == "1.35"
    none = dcri("images", "nosuch")
    assert none.code == 0 and len(none.out.splitlines()) == 1


def test_images_digests_adds_a_column(dcri):
    result = dcri("images", "--digests")
    assert result.out.splitlines()[0].split()[:3] == ["REPOSITORY", "TAG", "DIGEST"]
    assert "sha256:" in result.out


def test_ps_shows_running_and_ps_a_shows_exited(dcri, web, exited):
    name, cid = web
    running = dcri("ps")
    assert running.code == 0
    assert running.out.splitlines()[0].split()[:2] == ["CONTAINER", "ID"]
    row = next(line for line in running.out.splitlines() if line.endswith(" " + name))
    assert row.startswith(cid[:12] + " ")
    assert '"sleep 1000"' in row and re.search(r"Up (Less than a second|\d+ seconds?)", row)
    assert exited not in running.out
    everything = dcri("ps", "-a").out
    exited_row = next(line for line in everything.splitlines() if line.endswith(" " + exited))
    assert re.search(r"Exited \(3\) ", exited_row) and '"sh -c \'exit 3\'"' in exited_row


def test_ps_quiet_last_latest_and_no_trunc(dcri, web, exited):
    name, cid = web
    assert cid[:12] in dcri("ps", "-q").out.split()
    assert cid in dcri("ps", "-q", "--no-trunc").out.split()
    # -n and -l pick the newest of all containers: filtered to this test's two (web made
    # first), so that one someone else makes meanwhile on a shared runtime is not the newest.
    ours = ["-f", "name=" + name, "-f", "name=" + exited]
    last = dcri("ps", "-n", "1", *ours).out.splitlines()
    assert len(last) == 2 and last[1].endswith(" " + exited)
    latest = dcri("ps", "-l", "-q", *ours).out.split()
    assert len(latest) == 1 and latest[0] != cid[:12]
    both = dcri("ps", "-aq", *ours).out.split()
    assert both == dcri("ps", "-a", "-q", *ours).out.split() and len(both) == 2


def test_ps_size_column(dcri, web):
    result = dcri("ps", "-s")
    header = result.out.splitlines()[0]
    assert header.rstrip().endswith("SIZE")
    assert re.search(r"\d+(\.\d+)?[kMG]?B \(virtual \d+(\.\d+)?[kMG]?B\)", result.out)


def test_inspect_container_image_and_pod(dcri, web, testbed):
    name, cid = web
    docs = json.loads(dcri("inspect", name).out)
    assert docs[0]["Id"] == cid and docs[0]["Name"] == "/" + name
    assert docs[0]["State"]["Running"] is True and docs[0]["State"]["Pid"] > 0
    assert docs[0]["Config"]["Labels"]["app"] == "web"
    assert docs[0]["Path"] == "sleep" and docs[0]["Args"] == ["1000"]
    by_prefix = json.loads(dcri("inspect", cid[:8]).out)
    assert by_prefix[0]["Id"] == cid
    image = json.loads(dcri("inspect", "--type", "image", testbed.images["busybox"]).out)
    assert image[0]["Id"].startswith("sha256:") and image[0]["Config"]["Cmd"] == ["sh"]
    pods = json.loads(dcri("inspect", "--type", "pod", name).out)
    assert pods[0]["status"]["metadata"]["name"] == name


def test_inspect_missing_prints_empty_array_and_error(dcri, web):
    missing = dcri("inspect", "nosuch")
    assert (missing.code, missing.out.strip(), missing.err.strip()) == \
        (1, "[]", "Error: No such object: nosuch")
    mixed = dcri("inspect", web[0], "nosuch")
    assert mixed.code == 1 and len(json.loads(mixed.out)) == 1
    assert mixed.err.strip() == "Error: No such object: nosuch"
    typed = dcri("inspect", "--type", "container", "nosuch")
    assert typed.err.strip() == "Error: No such container: nosuch"


def test_logs_split_streams_tail_and_timestamps(dcri, testbed):
    name = "talker-" + uuid.uuid4().hex[:6]
    script = "echo out1; echo err1 >&2; echo out2; echo err2 >&2; echo out3"
    run = dcri("run", "--name", name, testbed.images["busybox"], "sh", "-c", script)
    try:
        assert run.code == 0 and run.out.splitlines() == ["out1", "out2", "out3"]
        logs = dcri("logs", name)
        assert logs.out.splitlines() == ["out1", "out2", "out3"]
        assert logs.err.splitlines() == ["err1", "err2"]
        tail = dcri("logs", "--tail", "2", name)
        # stdout and stderr reach the log file through separate pipes, so their order there
        # is the runtime's: --tail must give exactly the file's last two records.
        log_path = json.loads(dcri("inspect", name).out)[0]["LogPath"]
        with open(log_path) as handle:
            last_two = [line.split(" ", 3)[3].rstrip("\n") for line in handle.readlines()[-2:]]
        assert sorted(tail.out.splitlines() + tail.err.splitlines()) == sorted(last_two)
        assert dcri("logs", "--tail", "0", name).out == ""
        stamped = dcri("logs", "-t", name).out.splitlines()
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z out1", stamped[0])
        assert dcri("logs", "--since", "2099-01-01T00:00:00Z", name).out == ""
    finally:
        dcri("rm", "-f", name)


def test_logs_follow_ends_when_the_container_exits(dcri, testbed):
    name = "follow-" + uuid.uuid4().hex[:6]
    dcri("run", "-d", "--name", name, testbed.images["busybox"], "sh", "-c",
         "for i in 1 2 3; do echo line$i; sleep 0.3; done")
    try:
        started = time.time()
        result = dcri("logs", "-f", name)
        assert result.code == 0
        assert result.out.splitlines() == ["line1", "line2", "line3"]
        assert time.time() - started < 10
    finally:
        dcri("rm", "-f", name)


def test_logs_missing_container(dcri):
    result = dcri("logs", "nosuch")
    assert (result.code, result.err.strip()) == (1, "Error: No such container: nosuch")


def test_stats_no_stream(dcri, web):
    name, cid = web
    result = dcri("stats", "--no-stream")
    assert result.code == 0
    assert result.out.splitlines()[0].split()[:4] == ["CONTAINER", "ID", "NAME", "CPU"]
    row = next(line for line in result.out.splitlines() if line.startswith(cid[:12]))
    assert name in row and re.search(r"\d+\.\d\d%", row)
    assert re.search(r"\d+(\.\d+)?[KMG]?i?B / \d+(\.\d+)?[KMG]?i?B", row)


def test_pods_inspectp_and_imagefsinfo(dcri, web):
    name, _ = web
    pods = dcri("pods")
    assert pods.code == 0 and pods.out.splitlines()[0].split()[:2] == ["POD", "ID"]
    row = next(line for line in pods.out.splitlines() if " %s " % name in line)
    assert "SANDBOX_READY" in row and "dockercri" in row
    doc = json.loads(dcri("inspectp", name).out)
    assert doc["status"]["state"] == "SANDBOX_READY"
    fs = dcri("imagefsinfo")
    assert fs.code == 0 and "usedBytes" in fs.out


def test_kubelet_pods_look_as_they_did_under_dockershim(dcri, cri, kube, testbed):
    pod = kube.pod(name="shop", namespace="prod", labels={"app": "shop"})
    image_id = cri.call("ImageService.ImageStatus",
                        {"image": {"image": testbed.images["busybox"]}}).image.id
    web = kube.container(pod, "web", ["sleep", "1000"], image=image_id, labels={"tier": "web"})
    db = kube.container(pod, "db", ["sleep", "1000"], image=image_id, labels={"tier": "db"})
    uid = pod[1]["metadata"]["uid"]
    rows = dcri("ps").out.splitlines()
    web_row = next(r for r in rows if r.endswith("k8s_web_shop_prod_%s_0" % uid))
    assert testbed.images["busybox"] in web_row  # the image's name, not the id it was given by
    sandbox_row = next(r for r in rows if r.endswith("k8s_POD_shop_prod_%s_0" % uid))
    assert sandbox_row.startswith(pod[0][:12]) and testbed.images["pause"] in sandbox_row
    assert dcri("ps", "-q", "-f", "label=tier=web").out.split() == [web[:12]]
    assert set(dcri("ps", "-q", "-f", "label=io.kubernetes.pod.name=shop").out.split()) >= \
        {web[:12], db[:12]}
    assert dcri("ps", "-q", "-f", "name=k8s_db_").out.split() == [db[:12]]
    inspected = json.loads(dcri("inspect", "k8s_POD_shop_prod_%s_0" % uid).out)
    # a sandbox is a container here, docker-shaped, as dockershim showed it
    assert inspected[0]["Id"] == pod[0]
    assert inspected[0]["Name"] == "/k8s_POD_shop_prod_%s_0" % uid
    pid = json.loads(dcri("inspect", "k8s_web_shop_prod_%s_0" % uid).out)[0]["State"]["Pid"]
    with open("/proc/%d/cmdline" % pid, "rb") as handle:
        assert handle.read().split(b"\0")[:2] == [b"sleep", b"1000"]  # usable with nsenter -t


def test_ps_filters(dcri, web, exited):
    name, cid = web
    assert dcri("ps", "-q", "-f", "status=exited", "-f", "name=%s" % exited).out.count("\n") == 1
    assert cid[:12] not in dcri("ps", "-q", "-f", "status=exited").out
    assert dcri("ps", "-aq", "-f", "exited=3", "-f", "name=" + exited).out.strip() != ""
    assert dcri("ps", "-q", "-f", "id=%s" % cid[:10]).out.split() == [cid[:12]]
    assert dcri("ps", "-q", "-f", "label=app=web", "-f", "name=" + name).out.split() == [cid[:12]]
    bad = dcri("ps", "-f", "nosuch=1")
    assert (bad.code, bad.err) == (1, "Error response from daemon: Invalid filter 'nosuch'\n")
    refused = dcri("ps", "-f", "network=bridge")
    assert refused.code == 1 and "CRI" in refused.err


def test_kubelet_containers_get_dockershim_names(dcri, kube):
    pod = kube.pod(name="front", namespace="prod")
    cid = kube.container(pod, "nginx", ["sleep", "1000"])
    uid = pod[1]["metadata"]["uid"]
    result = dcri("ps")
    assert "k8s_nginx_front_prod_%s_0" % uid in result.out
    inspected = json.loads(dcri("inspect", "k8s_nginx_front_prod_%s_0" % uid).out)
    assert inspected[0]["Id"] == cid


def test_ambiguous_prefix_is_refused(dcri, web, exited):
    ids = dcri("ps", "-aq", "--no-trunc").out.split()
    firsts = {}
    for ident in ids:
        firsts.setdefault(ident[0], []).append(ident)
    shared = next((k for k, v in firsts.items() if len(v) > 1), None)
    if shared is None:
        pytest.skip("no two containers share a first hex digit this time")
    result = dcri("inspect", shared)
    assert result.code == 1
    assert "Multiple IDs found with provided prefix: %s" % shared in result.err


def test_unknown_flag_and_bad_value_exit_125(dcri):
    bad = dcri("ps", "--nosuch")
    assert (bad.code, bad.err) == (125, "unknown flag: --nosuch\nSee 'docker ps --help'.\n")
    value = dcri("ps", "-n", "x")
    assert value.code == 125
    assert value.err.startswith('invalid argument "x" for "-n, --last" flag: strconv.ParseInt: '
                                'parsing "x": invalid syntax')


def test_completion_offers_container_pod_and_image_names(dcri, web, testbed):
    name, _ = web
    assert name in dcri("__complete", "logs", name[:4]).out.split()
    assert name in dcri("__complete", "inspectp", name[:4]).out.split()
    assert testbed.images["busybox"] in dcri("__complete", "rmi", "127.").out.split()


def test_format_templates_across_commands(dcri, web, testbed):
    name, cid = web
    assert dcri("inspect", "-f", "{{.State.Pid}}", name).out.strip().isdigit()
    assert dcri("inspect", "--format", "{{.Name}} {{index .Config.Labels \"app\"}}",
                name).out == "/%s web\n" % name
    # docker's: an unknown field is an error (the raw JSON has no such key either); a
    # label that is not there, <no value>
    nope = dcri("inspect", "-f", "{{.Nope}}", name)
    assert (nope.code, nope.out) == (1, "\n")
    assert nope.err == ('Template parsing error: template: :1:2: executing "" at <.Nope>: '
                        'map has no entry for key "Nope"\n')
    assert dcri("inspect", "-f", "{{.Config.Labels.nope}}", name).out == "<no value>\n"
    broken = dcri("inspect", "-f", "{{.State.Pid", name)
    assert broken.code == 1 and broken.err.startswith("Template parsing error: ")
    names = dcri("ps", "--format", "{{.Names}}").out.split()
    assert name in names
    table = dcri("ps", "--format", "table {{.ID}}\t{{.Names}}").out.splitlines()
    assert table[0].split() == ["CONTAINER", "ID", "NAMES"]
    assert any(line.split() == [cid[:12], name] for line in table[1:])
    labels = dcri("ps", "-f", "name=" + name, "--format", '{{.Label "app"}}').out
    assert labels == "web\n"
    as_json = json.loads(dcri("ps", "-f", "name=" + name, "--format", "{{json .}}").out)
    assert as_json["Names"] == name and as_json["ID"] == cid[:12]
    images = dcri("images", "--format", "{{.Repository}}:{{.Tag}}").out.split()
    assert testbed.images["busybox"] in images
    assert dcri("version", "--format", "{{.Server.Version}}").out == "19.03.15\n"
    runtime = dcri("version", "--format", "{{range .Server.Components}}{{if eq .Name "
                   "\"containerd\"}}{{.Version}}{{end}}{{end}}").out
    assert re.match(r"^1\.\d+\.", runtime), runtime
    assert int(dcri("info", "--format", "{{.ContainersRunning}}").out) >= 1


def test_stats_shows_the_container_limit_pids_and_io_from_the_node(dcri, testbed):
    """CRI has no limit, pid count or I/O figures per container: dockercri reads them on
    the node, and --format takes docker's placeholders."""
    import json
    import uuid
    name = "stats-" + uuid.uuid4().hex[:6]
    assert dcri("run", "-d", "--name", name, "-m", "256m", testbed.images["busybox"],
                "sh", "-c", "sleep 100 & sleep 100 & wait").code == 0
    try:
        table = dcri("stats", "--no-stream", name)
        assert table.code == 0, table
        row = table.out.splitlines()[1]
        assert " / 256MiB " in row and "--" not in row
        shown = json.loads(dcri("stats", "--no-stream", "--format", "{{json .}}", name).out)
        assert shown["Container"] == name and shown["Name"] == name
        assert int(shown["PIDs"]) == 3  # sh and its two sleeps
        assert shown["MemUsage"].endswith(" / 256MiB")
        assert " / " in shown["NetIO"] and " / " in shown["BlockIO"]
        names_only = dcri("stats", "--no-stream", "--format", "{{.Name}}: {{.PIDs}}", name)
        assert names_only.out == "%s: 3\n" % name
    finally:
        dcri("rm", "-f", name)


def test_inspect_graph_driver_is_the_rootfs_overlay_on_the_node(dcri, testbed):
    import json
    import os
    import uuid
    name = "graph-" + uuid.uuid4().hex[:6]
    assert dcri("run", "-d", "--name", name, testbed.images["busybox"], "sh", "-c",
                "echo marked > /written-here; sleep 100").code == 0
    try:
        import time
        for _ in range(50):
            data = json.loads(dcri("inspect", name).out)[0]["GraphDriver"]["Data"]
            if data and os.path.exists(os.path.join(data["UpperDir"], "written-here")):
                break
            time.sleep(0.1)
        assert os.path.isdir(os.path.join(data["MergedDir"], "bin"))
        with open(os.path.join(data["UpperDir"], "written-here")) as handle:
            assert handle.read() == "marked\n"  # the container's writable layer
        assert data["LowerDir"] and os.path.isdir(data["WorkDir"])
    finally:
        dcri("rm", "-f", name)
