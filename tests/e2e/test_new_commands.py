"""port, top and networks against the real containerd, on containers these tests make."""

import json
import uuid

import pytest

from tests.conftest import run_cli


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:6])


@pytest.fixture(scope="module")
def published(runtime_env, testbed):
    def dcri_module(*argv):
        return run_cli(list(argv), environ=runtime_env)
    name = unique("ports")
    made = dcri_module("run", "-d", "--name", name, "-p", "127.0.0.1:28080:80",
                       "-p", "28053:53/udp", testbed.images["busybox"], "sleep", "1000")
    assert made.code == 0, made
    yield name
    dcri_module("rm", "-f", name)


def test_port_lists_the_pod_mappings(dcri, published):
    result = dcri("port", published)
    assert (result.code, result.out) == (0, "53/udp -> 0.0.0.0:28053\n80/tcp -> 127.0.0.1:28080\n")
    assert dcri("container", "port", published, "80/tcp").out == "127.0.0.1:28080\n"
    assert dcri("port", published, "53/udp").out == "0.0.0.0:28053\n"
    missing = dcri("port", published, "81")
    assert (missing.code, missing.err) == (1, "Error: No public port '81/tcp' published for %s\n"
                                           % published)


def test_top_shows_the_container_processes_only(dcri, published):
    result = dcri("top", published)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert [line.split(None, 7)[7] for line in lines[1:]] == ["sleep 1000"]
    custom = dcri("top", published, "-o", "pid,comm")
    assert custom.out.splitlines()[0].split() == ["PID", "COMMAND"]
    assert [line.split()[1] for line in custom.out.splitlines()[1:]] == ["sleep"]


def test_top_of_a_stopped_container_is_refused(dcri, testbed):
    name = unique("topexited")
    try:
        assert dcri("run", "--name", name, testbed.images["busybox"], "true").code == 0
        result = dcri("top", name)
        assert result.code == 1
        assert result.err.startswith("Error response from daemon: Container ")
        assert result.err.endswith(" is not running\n")
    finally:
        dcri("rm", "-f", name)


def test_networks_include_host_none_and_the_pod_network(dcri):
    names = dcri("network", "ls", "--format", "{{.Name}} {{.Driver}}").out.splitlines()
    assert "host host" in names and "none null" in names
    assert len(names) >= 3  # the runtime's CNI pod network
    pod = [line.split()[0] for line in names if line.split()[0] not in ("host", "none")][0]
    inspected = dcri("network", "inspect", "-f", "{{.Name}} {{.Scope}}", pod)
    assert inspected.out == "%s local\n" % pod


def _ctr_rm(testbed, *refs):
    """Take away image names a test made (CRI cannot remove one name of a shared image)."""
    import shutil
    import subprocess
    socket = testbed.endpoint[len("unix://"):] if testbed.endpoint.startswith("unix://") \
        else testbed.endpoint
    subprocess.run([shutil.which("ctr"), "--address", socket, "--namespace", "k8s.io",
                    "images", "rm"] + list(refs), capture_output=True)


def test_load_save_and_tag_go_through_the_runtime_store(dcri, testbed, tmp_path):
    import json
    import shutil
    import tarfile
    from dockercri.testbed import images as build
    if shutil.which("ctr") is None or shutil.which("busybox") is None:
        pytest.skip("needs ctr and a static busybox on the node")
    tag = uuid.uuid4().hex[:6]
    loaded, tagged = "nc-loaded-%s:1" % tag, "nc-tagged-%s:2" % tag
    layer = build.layer_tar(shutil.which("busybox"))
    diff_id = "sha256:" + __import__("hashlib").sha256(layer).hexdigest()
    config = build.image_config({"Cmd": ["echo", "loaded " + tag]}, diff_id)
    archive = tmp_path / "in.tar"
    archive.write_bytes(build.docker_archive(layer, config, [loaded]))
    try:
        result = dcri("load", "-i", str(archive))
        assert (result.code, result.out) == (0, "Loaded image: %s\n" % loaded), result
        listed = dcri("images", "--format", "{{.Repository}}:{{.Tag}}").out.splitlines()
        assert loaded in listed
        ran = dcri("run", "--rm", loaded)
        assert (ran.code, ran.out) == (0, "loaded %s\n" % tag), ran
        assert dcri("tag", loaded, tagged).code == 0
        assert tagged in dcri("images", "--format", "{{.Repository}}:{{.Tag}}").out.splitlines()
        out = tmp_path / "out.tar"
        saved = dcri("save", "-o", str(out), tagged)
        assert saved.code == 0, saved
        with tarfile.open(str(out)) as archive_out:
            manifest = json.load(archive_out.extractfile("manifest.json"))
        assert manifest[0]["RepoTags"] == ["docker.io/library/" + tagged] or \
            manifest[0]["RepoTags"] == [tagged]
    finally:
        _ctr_rm(testbed, "docker.io/library/" + loaded, "docker.io/library/" + tagged)


def test_tag_and_save_of_a_missing_image(dcri):
    missing = dcri("tag", "nc-nosuch-image:1", "x:1")
    assert (missing.code, missing.err) == (1, "Error response from daemon: No such image: "
                                           "nc-nosuch-image:1\n")
    bad = dcri("tag", "nc-nosuch-image:1", "UPPER")
    assert bad.code == 1 and bad.err.startswith('Error parsing reference: "UPPER" is not a valid')


def test_cp_both_ways_running_and_created_without_tar_in_the_image(dcri, testbed, tmp_path):
    import os
    running, created = unique("cprun"), unique("cpnew")
    image = testbed.images["busybox"]
    try:
        assert dcri("run", "-d", "--name", running, image, "sleep", "1000").code == 0
        assert dcri("create", "--name", created, image, "cat", "/data/in.txt").code == 0
        source = tmp_path / "in.txt"
        source.write_text("copied in\n")
        os.chown(str(source), 1234, 1234)
        # into a running container: owned by its root without -a, kept with -a
        assert dcri("cp", str(source), running + ":/tmp/").code == 0
        assert dcri("exec", running, "stat", "-c", "%u:%g %n", "/tmp/in.txt").out == \
            "0:0 /tmp/in.txt\n"
        assert dcri("cp", "-a", str(source), running + ":/tmp/kept.txt").code == 0
        assert dcri("exec", running, "stat", "-c", "%u:%g", "/tmp/kept.txt").out == "1234:1234\n"
        # out of it, a file and a directory's contents
        assert dcri("cp", running + ":/etc/passwd", str(tmp_path / "pw")).code == 0
        assert (tmp_path / "pw").read_text().startswith("root:x:0:0:")
        assert dcri("cp", running + ":/etc/.", str(tmp_path / "etc")).code == 0
        assert (tmp_path / "etc" / "passwd").exists()
        # a created container that never ran: into its root filesystem, then run it
        assert dcri("cp", str(tmp_path / "in.txt"), created + ":/tmp/").code == 0
        assert dcri("cp", str(tmp_path / "etc"), created + ":/data").code == 0  # a new directory
        assert dcri("cp", str(source), created + ":/data/in.txt").code == 0
        assert dcri("cp", created + ":/data/in.txt", str(tmp_path / "back.txt")).code == 0
        assert (tmp_path / "back.txt").read_text() == "copied in\n"
        started = dcri("start", "-a", created)
        assert (started.code, started.out) == (0, "copied in\n")
        missing = dcri("cp", running + ":/nosuch", str(tmp_path / "x"))
        assert (missing.code, missing.err) == (1, "Error: No such container:path: %s:/nosuch\n"
                                               % running)
    finally:
        dcri("rm", "-f", running, created)


def test_cp_tar_streams_on_stdin_and_stdout(dcri, testbed, runtime_env, tmp_path):
    import io
    import os
    import subprocess
    import sys
    import tarfile
    name = unique("cpstream")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=root, **runtime_env)

    def docker(*argv, stdin=None):
        return subprocess.run([sys.executable, "-m", "dockercri"] + list(argv), input=stdin,
                              capture_output=True, env=env, timeout=60)
    try:
        assert dcri("run", "-d", "--name", name, testbed.images["busybox"], "sleep", "1000").code == 0
        out = docker("cp", name + ":/etc/hostname", "-")
        assert out.returncode == 0, out.stderr
        with tarfile.open(fileobj=io.BytesIO(out.stdout)) as archive:
            assert archive.getnames() == ["hostname"]
        stream = io.BytesIO()
        with tarfile.open(fileobj=stream, mode="w") as archive:
            data = b"from a stream\n"
            info = tarfile.TarInfo("streamed.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        put = docker("cp", "-", name + ":/root", stdin=stream.getvalue())
        assert put.returncode == 0, put.stderr
        assert dcri("exec", name, "cat", "/root/streamed.txt").out == "from a stream\n"
    finally:
        dcri("rm", "-f", name)


def test_events_show_a_container_life(dcri, testbed, runtime_env):
    import os
    import subprocess
    import sys
    import time
    name = unique("events")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=root, **runtime_env)
    until = str(int(time.time()) + 8)
    watcher = subprocess.Popen([sys.executable, "-m", "dockercri", "events", "--until", until,
                                "--filter", "container=" + name, "--format",
                                "{{.Type}} {{.Action}} {{.Actor.Attributes.name}} "
                                "{{.Actor.Attributes.exitCode}}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=root)
    try:
        time.sleep(2)
        assert dcri("run", "--name", name, testbed.images["busybox"], "sh", "-c",
                    "sleep 1; exit 3").code == 3
        time.sleep(1.5)
        assert dcri("rm", name).code == 0
        out, err = watcher.communicate(timeout=30)
    finally:
        dcri("rm", "-f", name)
        if watcher.poll() is None:
            watcher.kill()
    assert watcher.returncode == 0, err
    # die carries the exit code, from the container's status (a map's missing key elsewhere)
    assert out.decode().splitlines() == ["container %s %s %s" % (action, name, code) for
                                         action, code in (("create", "<no value>"),
                                                          ("start", "<no value>"), ("die", "3"),
                                                          ("destroy", "<no value>"))]
    past = dcri("events", "--since", "1h", "--until", "0s", "--filter", "container=" + name)
    assert (past.code, past.out) == (0, "")  # it is gone: the runtime keeps nothing of it


def test_system_prune_removes_only_what_the_filter_names(dcri, testbed, tmp_path):
    import hashlib
    import shutil
    from dockercri.testbed import images as build
    if shutil.which("ctr") is None or shutil.which("busybox") is None:
        pytest.skip("needs ctr and a static busybox on the node")
    label = "nc-prune-" + uuid.uuid4().hex[:6]
    image = "%s:1" % label
    layer = build.layer_tar(shutil.which("busybox"))
    config = build.image_config({"Cmd": ["true"], "Labels": {label: "1"}},
                                "sha256:" + hashlib.sha256(layer).hexdigest())
    archive = tmp_path / "in.tar"
    archive.write_bytes(build.docker_archive(layer, config, [image]))
    exited, running = label + "-exited", label + "-running"
    try:
        assert dcri("load", "-i", str(archive)).code == 0
        image_id = dcri("images", "-q", "--no-trunc", image).out.strip()
        assert dcri("run", "--name", exited, "--label", label + "=1", testbed.images["busybox"],
                    "true").code == 0
        assert dcri("run", "-d", "--name", running, "--label", label + "=1",
                    testbed.images["busybox"], "sleep", "1000").code == 0
        exited_id = dcri("inspect", "-f", "{{.Id}}", exited).out.strip()
        result = dcri("system", "prune", "-a", "-f", "--filter", "label=%s=1" % label)
        assert result.code == 0, result
        assert result.out == ("Deleted Containers:\n%s\n\nDeleted Images:\nuntagged: %s\n"
                              "deleted: %s\n\nTotal reclaimed space: %s\n"
                              % (exited_id, image, image_id, result.out.rsplit(": ", 1)[1].strip()))
        assert dcri("ps", "-a", "--filter", "label=" + label, "--format", "{{.Names}}").out == \
            running + "\n"
        assert dcri("images", "-q", image).out == ""
    finally:
        dcri("rm", "-f", exited, running)
        _ctr_rm(testbed, "docker.io/library/" + image)


def test_image_prune_filters_by_the_image_config(dcri, testbed, tmp_path):
    """until= and label= read each image's config; nothing else is touched."""
    import hashlib
    import shutil
    from dockercri.testbed import images as build
    if shutil.which("ctr") is None or shutil.which("busybox") is None:
        pytest.skip("needs ctr and a static busybox on the node")
    label = "nc-iprune-" + uuid.uuid4().hex[:6]
    layer = build.layer_tar(shutil.which("busybox"))
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    made = {}
    for tag, when in (("old", "2001-01-01T00:00:00Z"), ("new", "2099-01-01T00:00:00Z")):
        config = json.loads(build.image_config({"Cmd": ["true"], "Labels": {label: tag}},
                                               diff_id))
        config["created"] = when
        config = json.dumps(config, separators=(",", ":")).encode()
        image = "%s-%s:1" % (label, tag)
        archive = tmp_path / ("%s.tar" % tag)
        archive.write_bytes(build.docker_archive(layer, config, [image]))
        assert dcri("load", "-i", str(archive)).code == 0
        made[tag] = image
    try:
        images_before = dcri("images", "-q", "--no-trunc").out.split()
        # label= picks one of ours; until= keeps the one created in 2099
        result = dcri("image", "prune", "-a", "-f", "--filter", "label=%s" % label,
                      "--filter", "until=2050-01-01T00:00:00")
        assert result.code == 0, result
        assert "untagged: %s\n" % made["old"] in result.out, result.out
        assert made["new"] not in result.out
        assert dcri("images", "-q", made["old"]).out == ""
        assert dcri("images", "-q", made["new"]).out != ""
        left = set(dcri("images", "-q", "--no-trunc").out.split())
        assert left == set(images_before) - {line.split()[-1] for line in result.out.splitlines()
                                             if line.startswith("deleted: ")}
        bad = dcri("image", "prune", "-f", "--filter", "bogus=1")
        assert (bad.code, bad.err) == (1, "Error response from daemon: Invalid filter 'bogus'\n")
    finally:
        for image in made.values():
            _ctr_rm(testbed, "docker.io/library/" + image)


def test_export_writes_the_root_filesystem_without_its_mounts(dcri, testbed, tmp_path):
    import tarfile
    name = unique("export")
    try:
        assert dcri("run", "-d", "--name", name, testbed.images["busybox"], "sleep", "1000").code == 0
        assert dcri("exec", name, "sh", "-c", "echo mark > /marked").code == 0
        out = tmp_path / "root.tar"
        result = dcri("export", "-o", str(out), name)
        assert result.code == 0, result
        with tarfile.open(str(out)) as archive:
            entries = archive.getnames()
            assert archive.extractfile("marked").read() == b"mark\n"
        assert "bin/sh" in entries and not any(e.startswith("proc/") for e in entries)
    finally:
        dcri("rm", "-f", name)


def _frozen(pid):
    """The freezer state of a process's cgroup (v1 freezer.state or v2 cgroup.freeze)."""
    with open("/proc/%d/cgroup" % pid) as handle:
        lines = [line.strip().split(":", 2) for line in handle]
    for _, controllers, path in lines:
        if "freezer" in controllers.split(","):
            with open("/sys/fs/cgroup/freezer%s/freezer.state" % path) as state:
                return state.read().strip() == "FROZEN"
    path = [path for number, _, path in lines if number == "0"][0]
    with open("/sys/fs/cgroup%s/cgroup.freeze" % path) as state:
        return state.read().strip() == "1"


def test_pause_freezes_and_unpause_thaws(dcri, testbed):
    name = unique("pause")
    try:
        assert dcri("run", "-d", "--name", name, testbed.images["busybox"], "sleep", "1000").code == 0
        assert (dcri("pause", name).out, dcri("pause", name).code) == (name + "\n", 1)
        again = dcri("pause", name)
        assert again.err.startswith("Error response from daemon: Container ") and \
            again.err.endswith(" is already paused\n")
        pid = int(dcri("inspect", "-f", "{{.State.Pid}}", name).out)
        assert _frozen(pid) is True
        # the freezer's state is docker's paused state, in ps, inspect and info
        assert dcri("ps", "-f", "name=" + name, "--format", "{{.State}}").out == "paused\n"
        assert dcri("inspect", "-f", "{{.State.Paused}}", name).out == "true\n"
        assert int(dcri("info", "-f", "{{.ContainersPaused}}").out) >= 1
        assert dcri("unpause", name).out == name + "\n"
        assert _frozen(pid) is False
        assert dcri("exec", name, "true").code == 0
        assert dcri("unpause", name).err.endswith(" is not paused\n")
        missing = dcri("pause", "nc-nosuch-container")
        assert (missing.code, missing.err) == (1, "Error response from daemon: No such container: "
                                               "nc-nosuch-container\n")
    finally:
        dcri("unpause", name)
        dcri("rm", "-f", name)


def test_import_makes_a_runnable_image(dcri, testbed, tmp_path):
    import shutil
    import tarfile
    if shutil.which("ctr") is None or shutil.which("busybox") is None:
        pytest.skip("needs ctr and a static busybox on the node")
    name = "nc-import-%s:1" % uuid.uuid4().hex[:6]
    rootfs = tmp_path / "rootfs.tar.gz"
    with tarfile.open(str(rootfs), "w:gz") as archive:
        archive.add(shutil.which("busybox"), arcname="bin/busybox")
    try:
        made = dcri("import", "-c", 'CMD ["/bin/busybox", "echo", "imported"]', "-m", "from a test",
                    str(rootfs), name)
        assert made.code == 0, made
        assert made.out.startswith("sha256:") and len(made.out.strip()) == 71
        ran = dcri("run", "--rm", name)
        assert (ran.code, ran.out) == (0, "imported\n")
        assert dcri("history", "--format", "{{.Comment}}", name).out == "from a test\n"
    finally:
        _ctr_rm(testbed, "docker.io/library/" + name)
