"""pull, rmi, image prune: names, plans, and docker's decisions over a fake runtime."""

import io
import json
from types import SimpleNamespace as NS

import pytest

from dockercri.cli.dispatch import plan_argv
from dockercri.errors import DockerCLIError
from dockercri.plan.images import InvalidReference, familiar, parse_reference

BB = "sha256:" + "2c5bdf1df9b6" + "a" * 52
OTHER = "sha256:" + "7a4757e740e3" + "b" * 52
DANGLING = "sha256:" + "0123456789ab" + "c" * 52
PAUSE = "sha256:" + "f02d5dec7cd8" + "d" * 52
HUB_BB = "docker.io/library/busybox"


# -- names -----------------------------------------------------------------------
@pytest.mark.parametrize("text,full,path,tag,defaulted", [
    ("busybox", HUB_BB + ":latest", "library/busybox", "latest", True),
    ("busybox:1.35", HUB_BB + ":1.35", "library/busybox", "1.35", False),
    ("me/app:v1", "docker.io/me/app:v1", "me/app", "v1", False),
    ("127.0.0.1:5000/library/busybox:1.35", "127.0.0.1:5000/library/busybox:1.35",
     "library/busybox", "1.35", False),
    ("localhost/app", "localhost/app:latest", "app", "latest", True),
    ("quay.io/a/b/c:1", "quay.io/a/b/c:1", "a/b/c", "1", False),
])
def test_references_follow_docker(text, full, path, tag, defaulted):
    ref = parse_reference(text)
    assert (ref.full, ref.path, ref.tag, ref.defaulted) == (full, path, tag, defaulted)


def test_digest_references():
    digest = "sha256:" + "e" * 64
    ref = parse_reference("busybox@" + digest)
    assert ref.full == HUB_BB + "@" + digest
    assert (ref.tag, ref.digest, ref.defaulted) == ("", digest, False)
    assert ref.familiar == "busybox@" + digest


@pytest.mark.parametrize("text,message", [
    ("Busybox", "invalid reference format: repository name must be lowercase"),
    ("busybox:", "invalid reference format"),
    ("a b", "invalid reference format"),
    ("e" * 64, "invalid repository name (%s), cannot specify 64-byte hexadecimal strings"
     % ("e" * 64)),
])
def test_invalid_references(text, message):
    with pytest.raises(InvalidReference) as failure:
        parse_reference(text)
    assert failure.value.message == message


def test_familiar_names():
    assert familiar(HUB_BB + ":1.35") == "busybox:1.35"
    assert familiar("docker.io/me/app:v1") == "me/app:v1"
    assert familiar("127.0.0.1:5000/library/busybox:1.35") == "127.0.0.1:5000/library/busybox:1.35"


# -- plans -----------------------------------------------------------------------
def _plan(*argv):
    return plan_argv(list(argv))


def test_pull_plan_without_credentials(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    _, _, plan = _plan("pull", "busybox:1.35")
    assert [s.rpc or s.node for s in plan.steps] == [
        "ImageService.ImageStatus", "dockercri.node.credentials:read_credentials",
        "ImageService.PullImage", "ImageService.ImageStatus"]
    assert plan.steps[1].request == {"registry": "https://index.docker.io/v1/"}
    assert plan.steps[2].request["image"] == {"image": HUB_BB + ":1.35"}
    # the auth is what the credentials step finds at run time: none here
    assert plan.steps[2].request["auth"].step == "credentials"
    assert "none: an anonymous pull" in plan.steps[2].request["auth"].label
    assert [s.key for s in _plan("pull", "-q", "busybox:1.35")[2].steps] == [
        "before", "credentials", "pull"]
    assert plan.crictl == ["crictl pull " + HUB_BB + ":1.35"]
    assert not plan.refusals


def test_pull_plan_with_credentials_is_redacted(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    import base64
    (tmp_path / "config.json").write_text(json.dumps({"auths": {"https://index.docker.io/v1/": {
        "auth": base64.b64encode(b"bob:very-secret-pw").decode()}}}))
    _, _, plan = _plan("pull", "busybox")
    pull = next(s for s in plan.steps if s.rpc == "ImageService.PullImage")
    # secrets never enter the plan: the request names the step that reads them at run time
    assert pull.request["auth"].step == "credentials"
    from dockercri.render.explain import explain_text
    command, _, plan = _plan("pull", "busybox")
    text = explain_text("pull busybox", command, plan)
    assert "very-secret-pw" not in text
    assert '"auth": "<credentials for https://index.docker.io/v1/ (user bob; the password is ' \
        'sent, never shown) from step 2>"' in text
    assert "crictl pull --creds bob:<password> " in text


def test_pull_plan_with_a_helper_does_not_run_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))  # no helper could run
    (tmp_path / "config.json").write_text(json.dumps({"credHelpers": {"quay.io": "ecr-login"}}))
    _, _, plan = _plan("pull", "quay.io/a/b:1")
    pull = next(s for s in plan.steps if s.rpc == "ImageService.PullImage")
    assert "docker-credential-ecr-login" in pull.request["auth"].label
    credentials = next(s for s in plan.steps if s.key == "credentials")
    assert "`docker-credential-ecr-login get quay.io`" in credentials.action


@pytest.mark.parametrize("argv,refused", [
    (["pull", "-a", "busybox"], "--all-tags"),
    (["pull", "--platform", "linux/arm64", "busybox"], "--platform"),
    (["pull", "--disable-content-trust=false", "busybox"], "--disable-content-trust"),
    (["pull", "--disable-content-trust", "busybox"], None),
    (["image", "prune", "--filter", "until=24h"], None),  # read from the image config
])
def test_refusals_come_from_the_table(argv, refused):
    _, _, plan = _plan(*argv)
    if refused is None:
        assert plan.refusals == []
    else:
        assert plan.refusals and plan.refusals[0].startswith(refused)


def test_prune_filters_read_each_candidate_image_config():
    _, _, plan = _plan("image", "prune", "-a", "-f", "--filter", "label=team=x")
    status = next(s for s in plan.steps if s.key == "image_status")
    assert status.rpc == "ImageService.ImageStatus" and status.request["verbose"] is True
    remove = next(s for s in plan.steps if s.key == "remove")
    assert remove.where.test.endswith(":prunable_filtered")
    assert "image_status" not in [s.key for s in _plan("image", "prune", "-a", "-f")[2].steps]


def test_rmi_plan_explains_why_there_is_no_untag():
    command, intent, plan = _plan("image", "rm", "busybox:1.35", "other")
    assert command.name == "rmi"
    rpcs = [s.rpc for s in plan.steps]
    assert rpcs.count("ImageService.RemoveImage") == 2
    assert "RuntimeService.ListContainers" in rpcs
    assert any("CRI has no untag" in note for note in plan.notes)
    assert plan.crictl == ["crictl rmi busybox:1.35", "crictl rmi other"]


def test_prune_plan():
    _, _, plan = _plan("image", "prune", "-a", "-f")
    assert [s.rpc for s in plan.steps] == ["ImageService.ListImages",
                                           "RuntimeService.ListContainers",
                                           "RuntimeService.Status", "ImageService.RemoveImage"]
    assert "pinned" in plan.steps[-1].where.text
    assert plan.crictl == ["crictl rmi --prune"]


def test_login_plan_redacts_the_password_flag(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    _, _, plan = _plan("login", "-u", "u", "-p", "flag-secret", "reg.example")
    assert all(use.value != "flag-secret" for use in plan.flags)
    assert "flag-secret" not in repr(plan.steps)
    # all on the node: the registry's check is not CRI; -u given: no stored login is tried
    assert [(s.key, s.rpc) for s in plan.steps] == [
        ("ask", None), ("verify", None), ("store", None)]
    assert "https://reg.example/v2/ as u" in plan.steps[1].action
    _, _, plan = _plan("login", "reg.example")
    assert [s.key for s in plan.steps] == ["existing", "ask", "verify", "store"]
    assert plan.steps[1].when.text == "only when no stored credentials were accepted"


def test_logout_takes_at_most_one_server():
    with pytest.raises(DockerCLIError) as failure:
        _plan("logout", "a", "b")
    assert failure.value.message.startswith('"docker logout" requires at most 1 argument.')


# -- runners over a fake runtime -------------------------------------------------
def image(ident, tags=(), digests=(), size=1982000, pinned=False):
    return NS(id=ident, repo_tags=list(tags), repo_digests=list(digests), size=size,
              pinned=pinned)


def container(ident, image_id, state=2):
    return NS(id=ident, image_ref=image_id, image=NS(image=image_id), state=state)


class FakeRuntime:
    """A CRI connection answering from lists, under the real executor."""

    def __init__(self, images=(), containers=(), sandbox_image=None, pulled=None):
        self._images = list(images)
        self._containers = list(containers)
        self.sandbox_image = sandbox_image
        self.pulled = pulled  # the image a PullImage makes, or an error text
        self.calls = []

    def call_many(self, rpc, requests):
        outcomes = []
        for request in requests:
            try:
                outcomes.append(self.call(rpc, request))
            except Exception as error:  # noqa: BLE001 - in place, as the connection does
                outcomes.append(error)
        return outcomes

    def _find(self, ref):
        for img in self._images:
            if ref in img.repo_tags or ref in img.repo_digests or ref == img.id:
                return img
        return None

    def call(self, rpc, request=None):
        from dockercri.errors import RuntimeError_
        self.calls.append((rpc, request))
        if rpc == "ImageService.ListImages":
            return NS(images=list(self._images))
        if rpc == "RuntimeService.ListContainers":
            return NS(containers=list(self._containers))
        if rpc == "ImageService.RemoveImage":
            self._images = [i for i in self._images if i.id != request["image"]["image"]]
            return NS()
        if rpc == "ImageService.ImageStatus":
            found = self._find(request["image"]["image"])
            return NS(image=found or NS(id="", repo_digests=[]))
        if rpc == "ImageService.PullImage":
            if isinstance(self.pulled, str):
                raise RuntimeError_(self.pulled)
            existing = self._find(self.pulled.id)
            if existing is not None:
                self._images.remove(existing)
            self._images.append(self.pulled)
            return NS(image_ref=self.pulled.id)
        if rpc == "RuntimeService.Status":
            info = {"config": json.dumps({"sandboxImage": self.sandbox_image})} \
                if self.sandbox_image else {}
            return NS(info=info)
        raise AssertionError(rpc)


class FakeSession:
    def __init__(self, runtime, stdin="", environ=None):
        from dockercri.env import Environment
        from dockercri.runtime.executor import Executor
        self.env = Environment(stdout=io.StringIO(), stderr=io.StringIO(),
                               stdin=io.StringIO(stdin), environ=environ or {}, prog="docker")
        self.executor = Executor(runtime)

    def out(self, text=""):
        self.env.stdout.write(text + "\n")

    def err(self, text=""):
        self.env.stderr.write(text + "\n")

    @property
    def stdout(self):
        return self.env.stdout.getvalue()

    @property
    def stderr(self):
        return self.env.stderr.getvalue()


def _run(runtime, *argv, stdin="", environ=None):
    from dockercri.commands import registry
    command, intent, plan = plan_argv(list(argv))
    session = FakeSession(runtime, stdin, environ)
    try:
        code = registry.load(registry.COMMANDS[command.name][1])(intent, plan, session)
    except DockerCLIError as error:
        if error.message:
            session.err(error.message)
        code = error.exit_code
    return code, session.stdout, session.stderr


def _removed(runtime):
    return [req["image"]["image"] for rpc, req in runtime.calls
            if rpc == "ImageService.RemoveImage"]


def test_rmi_last_tag_untags_and_deletes():
    rt = FakeRuntime([image(OTHER, [HUB_BB.replace("busybox", "other") + ":1"])])
    code, out, err = _run(rt, "rmi", "other:1")
    assert (code, err) == (0, "")
    assert out == "Untagged: other:1\nDeleted: %s\n" % OTHER


def test_rmi_with_digest_prints_its_untag_line():
    rt = FakeRuntime([image(BB, [HUB_BB + ":1.35"], [HUB_BB + "@sha256:" + "9" * 64])])
    code, out, _ = _run(rt, "rmi", "busybox:1.35")
    assert code == 0
    assert out == ("Untagged: busybox:1.35\nUntagged: busybox@sha256:%s\nDeleted: %s\n"
                   % ("9" * 64, BB))


def test_rmi_one_of_several_tags_is_refused_without_force():
    rt = FakeRuntime([image(BB, [HUB_BB + ":1.35", HUB_BB + ":latest",
                                 "localhost:5000/library/busybox:1.35"])])
    code, out, err = _run(rt, "rmi", "busybox:latest")
    assert (code, out) == (1, "")
    assert err.startswith('Error response from daemon: conflict: unable to remove repository '
                          'reference "busybox:latest" (must force) - image 2c5bdf1df9b6 is also '
                          'tagged busybox:1.35, localhost:5000/library/busybox:1.35; ')
    assert _removed(rt) == []
    code, out, err = _run(rt, "rmi", "-f", "busybox:latest")
    assert (code, err) == (0, "")
    assert out == ("Untagged: busybox:latest\nUntagged: busybox:1.35\n"
                   "Untagged: localhost:5000/library/busybox:1.35\nDeleted: %s\n" % BB)
    assert _removed(rt) == [BB]


def test_rmi_by_id_with_several_names_must_be_forced():
    rt = FakeRuntime([image(OTHER, ["docker.io/library/other:1", "docker.io/library/other:2"])])
    code, _, err = _run(rt, "rmi", OTHER.split(":")[1])
    assert code == 1
    assert err == ("Error response from daemon: conflict: unable to delete 7a4757e740e3 (must "
                   "be forced) - image is referenced in multiple repositories\n")
    code, out, _ = _run(rt, "rmi", "-f", "7a4757e740e3")
    assert code == 0
    assert out.splitlines() == ["Untagged: other:1", "Untagged: other:2", "Deleted: " + OTHER]


def test_rmi_by_id_with_one_name_needs_no_force():
    rt = FakeRuntime([image(OTHER, ["docker.io/library/other:1"])])
    code, out, _ = _run(rt, "rmi", "7a4757e740e3")
    assert (code, out) == (0, "Untagged: other:1\nDeleted: %s\n" % OTHER)


def test_rmi_image_used_by_a_container_is_refused_like_docker():
    cid = "131dd18105f0" + "0" * 52
    rt = FakeRuntime([image(BB, [HUB_BB + ":1.35"])], [container(cid, BB, state=2)])
    code, out, err = _run(rt, "rmi", "busybox:1.35")
    assert (code, out) == (1, "")
    assert err == ('Error response from daemon: conflict: unable to remove repository reference '
                   '"busybox:1.35" (must force) - container 131dd18105f0 is using its referenced '
                   'image 2c5bdf1df9b6\n')
    code, _, err = _run(rt, "rmi", BB.split(":")[1])
    assert err == ("Error response from daemon: conflict: unable to delete 2c5bdf1df9b6 (must be "
                   "forced) - image is being used by stopped container 131dd18105f0\n")
    code, out, _ = _run(rt, "rmi", "-f", "busybox:1.35")
    assert code == 0 and out.endswith("Deleted: %s\n" % BB)


def test_rmi_never_removes_the_image_of_a_running_container():
    cid = "8d9abe2232bb" + "0" * 52
    rt = FakeRuntime([image(BB, [HUB_BB + ":1.35"])], [container(cid, BB, state=1)])
    for argv in (["rmi", "-f", "busybox:1.35"], ["rmi", "-f", "2c5bdf1df9b6"]):
        code, _, err = _run(rt, *argv)
        assert code == 1
        assert err == ("Error response from daemon: conflict: unable to delete 2c5bdf1df9b6 "
                       "(cannot be forced) - image is being used by running container "
                       "8d9abe2232bb\n")
    assert _removed(rt) == []


def test_rmi_several_reports_each_failure():
    rt = FakeRuntime([image(OTHER, ["docker.io/library/other:1"])])
    code, out, err = _run(rt, "rmi", "nosuch", "other:1")
    assert code == 1
    assert err == "Error: No such image: nosuch\n"
    assert out == "Untagged: other:1\nDeleted: %s\n" % OTHER


def test_rmi_pinned_image_needs_force():
    rt = FakeRuntime([image(PAUSE, ["registry.k8s.io/pause:3.9"], pinned=True)])
    code, _, err = _run(rt, "rmi", "registry.k8s.io/pause:3.9")
    assert code == 1 and "pins" in err


def test_prune_removes_dangling_only_and_reports_docker_s_lines():
    rt = FakeRuntime([
        image(BB, [HUB_BB + ":1.35"]),
        image(DANGLING, [], ["docker.io/library/old@sha256:" + "1" * 64], size=1982000),
    ])
    code, out, _ = _run(rt, "image", "prune", "-f")
    assert code == 0
    assert out == ("Deleted Images:\nuntagged: old@sha256:%s\ndeleted: %s\n\n"
                   "Total reclaimed space: 1.982MB\n" % ("1" * 64, DANGLING))
    assert _removed(rt) == [DANGLING]


def test_prune_all_keeps_used_pinned_and_sandbox_images():
    rt = FakeRuntime([
        image(BB, [HUB_BB + ":1.35"]),
        image(OTHER, ["docker.io/library/other:1"], size=500),
        image(PAUSE, ["127.0.0.1:5000/library/pause:3.9"]),
        image(DANGLING, [], [], size=500, pinned=True),
    ], [container("c" * 64, BB, state=2)], sandbox_image="127.0.0.1:5000/library/pause:3.9")
    code, out, _ = _run(rt, "image", "prune", "-a", "-f")
    assert code == 0
    assert _removed(rt) == [OTHER]
    assert out == ("Deleted Images:\nuntagged: other:1\ndeleted: %s\n\n"
                   "Total reclaimed space: 500B\n" % OTHER)


def test_prune_asks_first():
    rt = FakeRuntime([image(DANGLING, [])])
    code, out, _ = _run(rt, "image", "prune", stdin="n\n")
    assert code == 0
    assert out == ("WARNING! This will remove all dangling images.\nAre you sure you want to "
                   "continue? [y/N] Total reclaimed space: 0B\n")
    assert _removed(rt) == []
    code, out, _ = _run(rt, "image", "prune", "-a", stdin="y\n")
    assert out.startswith("WARNING! This will remove all images without at least one container "
                          "associated to them.\nAre you sure you want to continue? [y/N] "
                          "Deleted Images:\n")
    assert _removed(rt) == [DANGLING]


def test_prune_with_nothing_to_remove():
    code, out, _ = _run(FakeRuntime([image(BB, [HUB_BB + ":1.35"])]), "image", "prune", "-f")
    assert (code, out) == (0, "Total reclaimed space: 0B\n")


def test_pull_output_new_then_up_to_date(tmp_path):
    digest = "sha256:" + "5" * 64
    pulled = image(BB, [HUB_BB + ":1.35"], [HUB_BB + "@" + digest])
    rt = FakeRuntime(pulled=pulled)
    env = {"DOCKER_CONFIG": str(tmp_path)}
    code, out, err = _run(rt, "pull", "busybox:1.35", environ=env)
    assert (code, err) == (0, "")
    assert out == ("1.35: Pulling from library/busybox\nDigest: %s\n"
                   "Status: Downloaded newer image for busybox:1.35\n%s:1.35\n" % (digest, HUB_BB))
    code, out, _ = _run(rt, "pull", "busybox:1.35", environ=env)
    assert "Status: Image is up to date for busybox:1.35\n" in out
    pull = next(req for rpc, req in rt.calls if rpc == "ImageService.PullImage")
    assert pull["auth"] is None


def test_pull_default_tag_quiet_and_errors(tmp_path):
    env = {"DOCKER_CONFIG": str(tmp_path)}
    rt = FakeRuntime(pulled=image(BB, [HUB_BB + ":latest"]))
    code, out, _ = _run(rt, "pull", "busybox", environ=env)
    assert out.startswith("Using default tag: latest\nlatest: Pulling from library/busybox\n")
    code, out, _ = _run(rt, "pull", "-q", "busybox", environ=env)
    assert (code, out) == (0, HUB_BB + ":latest\n")
    failing = FakeRuntime(pulled='failed to pull and unpack image "x": not found')
    code, out, err = _run(failing, "pull", "busybox:9", environ=env)
    assert (code, out) == (1, "")
    assert err == 'Error response from daemon: failed to pull and unpack image "x": not found\n'


def test_pull_sends_stored_credentials(tmp_path):
    import base64
    (tmp_path / "config.json").write_text(json.dumps({"auths": {"reg.example:5000": {
        "auth": base64.b64encode(b"alice:pull-secret").decode()}}}))
    rt = FakeRuntime(pulled=image(OTHER, ["reg.example:5000/app:1"]))
    code, out, err = _run(rt, "pull", "reg.example:5000/app:1",
                          environ={"DOCKER_CONFIG": str(tmp_path)})
    assert code == 0
    pull = next(req for rpc, req in rt.calls if rpc == "ImageService.PullImage")
    assert pull["auth"] == {"username": "alice", "password": "pull-secret"}
    assert "pull-secret" not in out + err


def test_rmi_tag_with_siblings_used_by_a_container_names_both():
    cid = "131dd18105f0" + "0" * 52
    rt = FakeRuntime([image(BB, [HUB_BB + ":1.35", "localhost:5000/library/busybox:1.35"])],
                     [container(cid, BB, state=2)])
    code, _, err = _run(rt, "rmi", "localhost:5000/library/busybox:1.35")
    assert code == 1
    assert "is also tagged busybox:1.35;" in err
    assert err.endswith(" (container 131dd18105f0 uses it)\n")
    assert _removed(rt) == []
