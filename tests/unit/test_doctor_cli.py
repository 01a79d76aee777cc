"""`doctor`'s flags, output formats, exit status, and --migrate-registries."""

import json

import pytest

from dockercri.doctor import registries
from dockercri.doctor.cli import parse, run_doctor
from dockercri.doctor.node import load_toml
from dockercri.doctor.report import Result, render_text
from dockercri.errors import DockerCLIError, UsageError
from tests.unit.test_doctor_fakenode import FakeCRI, fake_session, root  # noqa: F401

HOSTS = "/etc/containerd/certs.d/%s/hosts.toml"
DAEMON = {"registry-mirrors": ["https://mirror.example.com"],
          "insecure-registries": ["registry.lan:5000", "mirror.example.com", "192.168.0.0/16"]}


def run(root, *argv, cri=None):
    session = fake_session(cri)
    code = run_doctor(["--root", root.dir] + list(argv), session)
    return code, session.env.stdout.getvalue()


# ---------------------------------------------------------------- flags

def test_flags_in_both_spellings():
    options = parse(["--format=json", "--root", "/x", "--migrate-registries", "--dry-run",
                     "--force"])
    assert (options["format"], options["root"], options["migrate_registries"],
            options["dry_run"], options["force"]) == ("json", "/x", True, True, True)


@pytest.mark.parametrize("argv,message", [
    (["--format", "yaml"], '--format must be "text" or "json", not "yaml"'),
    (["--nope"], "unknown flag: --nope"),
    (["extra"], '"doctor" accepts no arguments.'),
    (["--root"], "flag needs an argument: --root"),
    (["--force"], "--force goes with --migrate-registries"),
])
def test_bad_flags_are_usage_errors(argv, message):
    with pytest.raises(UsageError) as error:
        parse(argv)
    assert error.value.message == message


def test_missing_root_is_an_error(tmp_path):
    with pytest.raises(DockerCLIError):
        run_doctor(["--root", str(tmp_path / "none")], fake_session())


def test_help():
    session = fake_session()
    assert run_doctor(["--help"], session) == 0
    assert "--migrate-registries" in session.env.stdout.getvalue()


# ---------------------------------------------------------------- output and exit status

def test_text_lines_with_fix_and_skip():
    text = render_text([
        Result("a/b", "ok", "fine"),
        Result("c", "warn", "not great\nfile:1: line", "do this\nthen that"),
        Result("d", "skip", "does not apply: no d"),
    ])
    assert text.splitlines() == [
        "ok    a/b: fine",
        "warn  c: not great",
        "      file:1: line",
        "      fix: do this",
        "           then that",
        "skip  d (does not apply: no d)",
        "",
        "1 ok, 1 warn, 0 fail, 1 skip",
    ]


def test_healthy_node_exits_0(root):
    code, out = run(root)
    assert code == 0
    assert out.splitlines()[0] == "ok    module/overlay: loaded, and loaded at boot by " \
                                  "/etc/modules-load.d/k8s.conf"


def test_any_fail_exits_1_warnings_do_not(root):
    root.remove("/etc/crictl.yaml")
    assert run(root)[0] == 0
    root.write("/proc/sys/net/ipv4/ip_forward", "0")
    assert run(root)[0] == 1


def test_json_format(root):
    root.remove("/etc/crictl.yaml")
    code, out = run(root, "--format", "json")
    results = {r["check"]: r for r in json.loads(out)}
    assert set(results["crictl/config"]) == {"check", "status", "detail", "fix"}
    assert results["crictl/config"]["status"] == "warn"
    assert results["kubelet/cgroup-driver"]["fix"] is None


def test_unreachable_runtime_is_a_fail_not_an_error(root):
    code, out = run(root, cri=FakeCRI(unreachable="Cannot connect to the CRI runtime"))
    assert code == 1
    assert "fail  runtime/reachable: Cannot connect to the CRI runtime" in out


def test_a_check_that_breaks_is_reported_and_others_still_run(root, monkeypatch):
    from dockercri.doctor import cli

    def broken(node):
        raise KeyError("x")
    monkeypatch.setattr(cli, "CHECKS", (broken,) + cli.CHECKS[1:])
    code, out = run(root)
    assert code == 1
    assert "fail  broken: the check itself failed: KeyError: 'x'" in out
    assert "ok    runtime/reachable" in out


# ---------------------------------------------------------------- --migrate-registries

def test_hosts_files_equal_daemon_json():
    files = registries.hosts_files(DAEMON)
    hub = load_toml(files["docker.io"])
    assert hub["server"] == "https://registry-1.docker.io"
    assert hub["host"]["https://mirror.example.com"] == {"capabilities": ["pull", "resolve"],
                                                         "skip_verify": True}
    lan = load_toml(files["registry.lan:5000"])
    assert list(lan["host"]) == ["https://registry.lan:5000", "http://registry.lan:5000"]
    assert lan["host"]["https://registry.lan:5000"]["skip_verify"] is True
    assert "192.168.0.0/16" not in "".join(files)
    assert all(text.startswith(registries.MARKER + "\n") for text in files.values())


def test_dry_run_prints_and_writes_nothing(root):
    root.write("/etc/docker/daemon.json", json.dumps(DAEMON))
    code, out = run(root, "--migrate-registries", "--dry-run")
    assert code == 0
    assert "would write    %s:" % root.path(HOSTS % "docker.io") in out
    assert '    [host."https://mirror.example.com"]' in out
    assert "not migrated   192.168.0.0/16" in out
    assert "containerd's config_path names /etc/containerd/certs.d" in out
    assert not root.node().exists("/etc/containerd/certs.d")


def test_migrate_writes_then_leaves_its_files_unchanged(root):
    root.write("/etc/docker/daemon.json", json.dumps(DAEMON))
    code, out = run(root, "--migrate-registries")
    assert code == 0
    assert "written        %s" % root.path(HOSTS % "registry.lan:5000") in out
    assert root.read(HOSTS % "docker.io") == registries.hosts_files(DAEMON)["docker.io"]
    code, out = run(root, "--migrate-registries")
    assert out.count("unchanged") == 3


def test_migrate_replaces_its_own_file_but_keeps_others_unless_forced(root):
    root.write("/etc/docker/daemon.json", json.dumps(DAEMON))
    root.write(HOSTS % "docker.io", registries.MARKER + "\nserver = \"https://old\"\n")
    root.write(HOSTS % "registry.lan:5000", "server = \"https://registry.lan:5000\"\n")
    code, out = run(root, "--migrate-registries")
    assert code == 1
    assert "replaced       %s" % root.path(HOSTS % "docker.io") in out
    assert "kept           %s: dockercri did not write it" % root.path(
        HOSTS % "registry.lan:5000") in out
    assert root.read(HOSTS % "registry.lan:5000") == "server = \"https://registry.lan:5000\"\n"
    code, out = run(root, "--migrate-registries", "--force")
    assert code == 0
    assert root.read(HOSTS % "registry.lan:5000").startswith(registries.MARKER)


def test_migrate_prints_the_config_path_lines_containerd_needs(root):
    root.write("/etc/containerd/config.toml", 'version = 2\n\n[plugins."io.containerd.grpc.v1.cri".'
               'registry.mirrors."docker.io"]\n  endpoint = ["https://m"]\n')
    root.write("/etc/docker/daemon.json", json.dumps({"registry-mirrors": ["https://m"]}))
    code, out = run(root, "--migrate-registries", "--dry-run")
    assert ('    [plugins."io.containerd.grpc.v1.cri".registry]\n'
            '      config_path = "/etc/containerd/certs.d"\n'
            "    and remove its registry.mirrors tables (containerd refuses both)\n"
            "    systemctl restart containerd\n") in out


def test_migrate_json(root):
    root.write("/etc/docker/daemon.json", json.dumps(DAEMON))
    code, out = run(root, "--migrate-registries", "--dry-run", "--format", "json")
    data = json.loads(out)
    assert [f["action"] for f in data["files"]] == ["would write"] * 3
    assert data["networks"] == ["192.168.0.0/16"] and data["config_path"] is None


def test_migrate_without_daemon_json_has_nothing_to_do(root):
    code, out = run(root, "--migrate-registries")
    assert code == 0 and "nothing to migrate" in out
