"""pull, rmi, image prune against the testbed's containerd and registry.

Tests work on images of their own (`dcri-victim-<run>`, `dcri-dangling-<run>`,
with image ids no testbed image has) pushed into the testbed registry, and remove
every one of them again; the testbed's busybox, echo and pause images are never
touched.
"""

import os
import secrets
import sys

import pexpect
import pytest

from tests.e2e.auth_registry import build_image, manifest_digest, run_with_stdin, skopeo_copy

# Names and image ids of this run only: another run of these tests at the same time
# works on images of its own.
RUN = secrets.token_hex(4)
VICTIM = "dcri-victim-" + RUN
VICTIM2 = "dcri-victim2-" + RUN
DANGLING = "dcri-dangling-" + RUN


def _ours(img):
    return any(ref.split("/")[-1].split("@")[0].split(":")[0] in (VICTIM, VICTIM2, DANGLING)
               for ref in list(img.repo_tags) + list(img.repo_digests))


def remove_ours(cri):
    for img in cri.call("ImageService.ListImages", {}).images:
        if _ours(img):
            cri.call("ImageService.RemoveImage", {"image": {"image": img.id}})


@pytest.fixture(scope="module")
def victims(testbed, cri, tmp_path_factory):
    """victim:1, victim:2 and victim2:1 are one image; dangling:1 another."""
    directory = str(tmp_path_factory.mktemp("victims"))
    registry = testbed.registry
    archive, victim_id = build_image(testbed, directory, VICTIM)
    refs = {}
    for name, repository, tag in (("dcri-victim:1", VICTIM, "1"), ("dcri-victim:2", VICTIM, "2"),
                                  ("dcri-victim2:1", VICTIM2, "1")):
        ref = "%s/library/%s:%s" % (registry, repository, tag)
        skopeo_copy("docker-archive:" + archive, "docker://" + ref, directory)
        refs[name] = ref
    dangling_archive, dangling_id = build_image(testbed, directory, DANGLING)
    skopeo_copy("docker-archive:" + dangling_archive,
                "docker://%s/library/%s:1" % (registry, DANGLING), directory)
    digest = manifest_digest(registry, "library/" + DANGLING, "1")
    remove_ours(cri)
    yield {"refs": refs, "id": victim_id, "dangling_id": dangling_id,
           "dangling": "%s/library/%s@%s" % (registry, DANGLING, digest)}
    remove_ours(cri)


@pytest.fixture
def victim(victims, cri):
    remove_ours(cri)
    yield victims
    remove_ours(cri)


@pytest.fixture
def env(runtime_env, tmp_path, monkeypatch):
    folder = str(tmp_path / "docker-config")
    monkeypatch.setenv("DOCKER_CONFIG", folder)
    return dict(runtime_env, DOCKER_CONFIG=folder)


@pytest.fixture
def docker(env):
    def call(*argv, stdin=""):
        return run_with_stdin(argv, env, stdin)
    return call


def _pull(cri, ref):
    return cri.call("ImageService.PullImage", {"image": {"image": ref}}).image_ref


def _image(cri, image_id):
    for img in cri.call("ImageService.ListImages", {}).images:
        if img.id == image_id:
            return img
    return None


def _busybox_id(cri, testbed):
    status = cri.call("ImageService.ImageStatus", {"image": {"image": testbed.images["busybox"]}})
    return status.image.id


# -- pull ------------------------------------------------------------------------
def test_pull_prints_docker_s_lines(docker, victim, cri):
    ref = victim["refs"]["dcri-victim:1"]
    result = docker("pull", ref)
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0] == "1: Pulling from library/" + VICTIM
    assert lines[1].startswith("Digest: sha256:") and len(lines[1]) == len("Digest: sha256:") + 64
    assert lines[2:] == ["Status: Downloaded newer image for %s" % ref, ref]
    assert result.err == ""
    img = _image(cri, victim["id"])
    assert ref in img.repo_tags
    assert img.repo_digests[0].endswith(lines[1].split(" ")[1])

    again = docker("pull", ref)
    assert again.out.splitlines()[1:] == [lines[1], "Status: Image is up to date for %s" % ref,
                                          ref]
    quiet = docker("pull", "-q", ref)
    assert (quiet.code, quiet.out) == (0, ref + "\n")


def _pull_on_a_terminal(env, *argv):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    child = pexpect.spawn(sys.executable, ["-m", "dockercri", "pull"] + list(argv), env=env,
                          timeout=60, cwd=root, encoding="utf-8")
    child.expect(pexpect.EOF)
    child.close()
    # What the terminal shows: each "\r\x1b[2K" clears the line before a rewrite.
    shown = [line.split("\r\x1b[2K")[-1] for line in child.before.split("\r\n")]
    return child.exitstatus, child.before, shown


def test_pull_on_a_terminal_shows_the_wait(env, victim, testbed):
    ref = victim["refs"]["dcri-victim:1"]
    code, raw, shown = _pull_on_a_terminal(env, ref)
    assert code == 0, raw
    assert shown[0] == "1: Pulling from library/" + VICTIM
    assert shown[1].startswith("%s: Pull complete (" % ref) and shown[1].endswith("s)"), raw
    assert "%s: Pulling (0s)" % ref in raw  # the line before it was rewritten
    assert shown[2].startswith("Digest: sha256:")
    assert shown[3:] == ["Status: Downloaded newer image for %s" % ref, ref, ""]

    code, raw, shown = _pull_on_a_terminal(env, "-q", ref)
    assert (code, raw) == (0, ref + "\r\n")  # -q: the reference only, no progress

    missing = "%s/library/dcri-nosuch-%s:1" % (testbed.registry, RUN)
    code, raw, shown = _pull_on_a_terminal(env, missing)
    assert code == 1
    assert shown[1].startswith("%s: Pull failed (" % missing), raw
    assert shown[2].startswith("Error response from daemon: ") and "not found" in shown[2]


def test_run_s_pull_on_a_terminal_shows_the_wait_too(env, victim):
    ref = victim["refs"]["dcri-victim:1"]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    child = pexpect.spawn(sys.executable, ["-m", "dockercri", "run", "--rm", ref, "echo", "ran"],
                          env=env, timeout=60, cwd=root, encoding="utf-8")
    child.expect(pexpect.EOF)
    child.close()
    shown = [line.split("\r\x1b[2K")[-1] for line in child.before.split("\r\n")]
    assert child.exitstatus == 0, child.before
    assert shown[0] == "Unable to find image '%s' locally" % ref
    assert shown[1].startswith("%s: Pull complete (" % ref), child.before
    assert shown[2:] == ["Status: Downloaded newer image for %s" % ref, "ran", ""]


def test_pull_missing_image(docker, testbed):
    result = docker("pull", testbed.registry + "/library/dcri-nosuch-" + RUN)
    assert result.code == 1
    assert result.out == "Using default tag: latest\n"
    assert result.err.startswith("Error response from daemon: ")
    assert "not found" in result.err and result.err.count("\n") == 1


def test_a_failed_pull_in_run_names_the_program_as_called(env, testbed):
    # Called as dockercri (python -m dockercri), run's errors say dockercri, as docker's say docker.
    import subprocess
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    missing = "%s/library/dcri-nosuch-%s" % (testbed.registry, RUN)
    proc = subprocess.run([sys.executable, "-m", "dockercri", "run", "--rm", missing], env=env,
                          cwd=root, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 125
    lines = proc.stderr.splitlines()
    assert lines[0].startswith("Unable to find image '%s" % missing)
    assert lines[1].startswith("dockercri: Error response from daemon: ") and "not found" in lines[1]
    assert lines[2:] == ["See 'dockercri run --help'."]


def test_pull_refusals_and_bad_names(docker):
    for argv, flag in ((["-a", "busybox"], "--all-tags"),
                       (["--platform", "linux/arm64", "busybox"], "--platform"),
                       (["--disable-content-trust=false", "busybox"], "--disable-content-trust")):
        result = docker("pull", *argv)
        assert result.code == 125, result
        assert "pull: %s: " % flag in result.err
    result = docker("pull", "BusyBox")
    assert (result.code, result.err) == (
        1, "invalid reference format: repository name must be lowercase\n")


# -- rmi -------------------------------------------------------------------------
def test_rmi_nosuch_matches_the_recording(docker):
    result = docker("rmi", "nosuch")
    assert (result.code, result.out, result.err) == (1, "", "Error: No such image: nosuch\n")


def test_rmi_last_tag(docker, victim, cri):
    ref = victim["refs"]["dcri-victim:1"]
    _pull(cri, ref)
    digest = _image(cri, victim["id"]).repo_digests[0]
    result = docker("rmi", ref)
    assert result.code == 0, result
    assert result.out == "Untagged: %s\nUntagged: %s\nDeleted: %s\n" % (ref, digest, victim["id"])
    assert _image(cri, victim["id"]) is None


def test_rmi_refuses_to_untag_one_of_several(docker, victim, cri, testbed):
    one, two = victim["refs"]["dcri-victim:1"], victim["refs"]["dcri-victim:2"]
    _pull(cri, one)
    _pull(cri, two)
    short = victim["id"].split(":")[1][:12]
    result = docker("rmi", one)
    assert (result.code, result.out) == (1, "")
    assert result.err.startswith('Error response from daemon: conflict: unable to remove '
                                 'repository reference "%s" (must force) - image %s is also '
                                 'tagged %s;' % (one, short, two))
    assert sorted(_image(cri, victim["id"]).repo_tags) == [one, two]

    by_id = docker("rmi", short)
    assert by_id.err == ("Error response from daemon: conflict: unable to delete %s (must be "
                         "forced) - image is referenced in multiple repositories\n" % short)

    explained = docker("explain", "rmi", one)
    assert "CRI has no untag" in explained.out

    forced = docker("rmi", "-f", one)
    assert forced.code == 0, forced
    lines = forced.out.splitlines()
    assert lines[:2] == ["Untagged: " + one, "Untagged: " + two]
    assert lines[-1] == "Deleted: " + victim["id"]
    assert _image(cri, victim["id"]) is None
    assert _busybox_id(cri, testbed)  # busybox is another image and still here


def test_image_rm_of_an_image_used_by_containers(docker, victim, cri, kube):
    ref = victim["refs"]["dcri-victim:1"]
    _pull(cri, ref)
    short = victim["id"].split(":")[1][:12]
    stopped = kube.container(kube.pod(), "stopped", ["true"], image=ref)
    kube.wait_exit(stopped)
    result = docker("image", "rm", ref)
    assert (result.code, result.out) == (1, "")
    assert result.err == ('Error response from daemon: conflict: unable to remove repository '
                          'reference "%s" (must force) - container %s is using its referenced '
                          'image %s\n' % (ref, stopped[:12], short))
    result = docker("rmi", victim["id"])
    assert result.err == ("Error response from daemon: conflict: unable to delete %s (must be "
                          "forced) - image is being used by stopped container %s\n"
                          % (short, stopped[:12]))

    running = kube.container(kube.pod(), "running", ["sleep", "300"], image=ref)
    for argv in (["-f", ref], ["-f", short]):
        result = docker("rmi", *argv)
        assert result.code == 1
        assert result.err == ("Error response from daemon: conflict: unable to delete %s "
                              "(cannot be forced) - image is being used by running container "
                              "%s\n" % (short, running[:12]))
    assert _image(cri, victim["id"]) is not None
    kube.cleanup()
    kube.pods = []

    # stopped containers only: -f removes it, as docker does
    stopped = kube.container(kube.pod(), "stopped2", ["true"], image=ref)
    kube.wait_exit(stopped)
    result = docker("rmi", "-f", ref)
    assert result.code == 0, result
    assert result.out.endswith("Deleted: %s\n" % victim["id"])


def test_rmi_several_images_reports_each(docker, victim, cri):
    ref = victim["refs"]["dcri-victim2:1"]
    _pull(cri, ref)
    result = docker("rmi", "nosuch", ref)
    assert result.code == 1
    assert result.err == "Error: No such image: nosuch\n"
    assert result.out.startswith("Untagged: %s\n" % ref)
    assert result.out.endswith("Deleted: %s\n" % victim["id"])


# -- image prune -----------------------------------------------------------------
def test_image_prune_removes_dangling_images(docker, victim, cri, testbed):
    dangling_id = _pull(cri, victim["dangling"])
    assert dangling_id == victim["dangling_id"]
    assert list(_image(cri, dangling_id).repo_tags) == []
    tagged = _pull(cri, victim["refs"]["dcri-victim:1"])
    size = _image(cri, dangling_id).size

    declined = docker("image", "prune", stdin="n\n")
    assert declined.code == 0
    assert declined.out == ("WARNING! This will remove all dangling images.\nAre you sure you "
                            "want to continue? [y/N] Total reclaimed space: 0B\n")
    assert _image(cri, dangling_id) is not None

    result = docker("image", "prune", "-f")
    assert result.code == 0, result
    assert result.out.startswith("Deleted Images:\n")
    assert "untagged: %s\n" % victim["dangling"] in result.out
    assert "deleted: %s\n" % dangling_id in result.out
    # other dangling images on the testbed may have gone too: at least ours was counted
    total = result.out.rsplit("Total reclaimed space: ", 1)[1].strip()
    assert _bytes(total) >= _bytes(_human(size))
    assert _image(cri, dangling_id) is None
    assert _image(cri, tagged) is not None  # tagged: not dangling
    assert _busybox_id(cri, testbed)


def test_image_prune_all_asks_and_keeps_everything_when_declined(docker, cri):
    before = sorted(img.id for img in cri.call("ImageService.ListImages", {}).images)
    result = docker("image", "prune", "-a", stdin="\n")
    assert result.code == 0
    assert result.out == ("WARNING! This will remove all images without at least one container "
                          "associated to them.\nAre you sure you want to continue? [y/N] "
                          "Total reclaimed space: 0B\n")
    after = sorted(img.id for img in cri.call("ImageService.ListImages", {}).images)
    assert set(before) <= set(after)


def _human(size):
    from dockercri.render.humanize import human_size
    return human_size(size, 4)


def _bytes(text):
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9), ("B", 1)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * scale
    raise AssertionError(text)
