"""What Docker leaves behind: daemon.json settings, units and scripts."""

import json

from dockercri.doctor import daemon_json, references, registries
from tests.unit.test_doctor_fakenode import by_check, root  # noqa: F401 - fixture


def _daemon(root, **settings):
    root.write("/etc/docker/daemon.json", json.dumps(settings))


def checks(root):
    return by_check(daemon_json.check_daemon_json(root.node()))


# ---------------------------------------------------------------- daemon.json

def test_no_daemon_json_is_one_skip(root):
    assert [(r.check, r.status) for r in daemon_json.check_daemon_json(root.node())] == [
        ("docker/daemon.json", "skip")]


def test_invalid_daemon_json_warns(root):
    root.write("/etc/docker/daemon.json", "{nope")
    result = checks(root)["docker/daemon.json"]
    assert result.status == "warn" and "not valid JSON" in result.detail


def test_settings_daemon_json_does_not_set_are_skipped(root):
    _daemon(root, debug=True)
    results = checks(root)
    assert {results[name].status for name in ("docker/registry-mirrors",
                                              "docker/insecure-registries", "docker/log-opts",
                                              "docker/default-ulimits")} == {"skip"}
    assert "docker/other-settings" not in results


def test_mirrors_warn_until_migrated(root):
    _daemon(root, **{"registry-mirrors": ["https://mirror.example.com/"]})
    result = checks(root)["docker/registry-mirrors"]
    assert result.status == "warn"
    assert "https://mirror.example.com" in result.detail
    assert result.fix.startswith("dockercri doctor --migrate-registries")
    registries.migrate(root.node(), {"registry-mirrors": ["https://mirror.example.com/"]})
    result = checks(root)["docker/registry-mirrors"]
    assert result.status == "ok"
    assert result.detail == "mirrors of docker.io in /etc/containerd/certs.d/docker.io/hosts.toml"


def test_migrated_mirrors_without_config_path_warn_with_the_toml_lines(root):
    root.write("/etc/containerd/config.toml", "version = 2\n")
    _daemon(root, **{"registry-mirrors": ["https://mirror.example.com"]})
    registries.migrate(root.node(), {"registry-mirrors": ["https://mirror.example.com"]})
    root.write("/etc/containerd/config.toml", "version = 2\n")
    result = checks(root)["docker/registry-mirrors"]
    assert result.status == "warn"
    assert result.fix.splitlines() == [
        "in /etc/containerd/config.toml set:",
        '[plugins."io.containerd.grpc.v1.cri".registry]',
        '  config_path = "/etc/containerd/certs.d"',
        "systemctl restart containerd"]


def test_insecure_registries_warn_until_migrated_and_networks_always_warn(root):
    daemon = {"insecure-registries": ["registry.lan:5000", "10.0.0.0/8"]}
    _daemon(root, **daemon)
    results = checks(root)
    assert results["docker/insecure-registries"].status == "warn"
    assert results["docker/insecure-registries/networks"].detail.startswith("10.0.0.0/8")
    registries.migrate(root.node(), daemon)
    results = checks(root)
    assert results["docker/insecure-registries"].status == "ok"
    assert results["docker/insecure-registries/networks"].status == "warn"


def test_log_opts_warn_with_kubelet_settings(root):
    _daemon(root, **{"log-opts": {"max-size": "100m", "max-file": "3"}, "log-driver": "journald"})
    results = checks(root)
    assert results["docker/log-opts"].status == "warn"
    assert results["docker/log-opts"].fix.splitlines() == [
        "in /var/lib/kubelet/config.yaml set:", "containerLogMaxSize: 100Mi",
        "containerLogMaxFiles: 3", "systemctl restart kubelet"]
    assert results["docker/log-driver"].status == "warn"


def test_log_opts_carried_to_the_kubelet_are_ok(root):
    _daemon(root, **{"log-opts": {"max-size": "100m"}})
    root.write("/var/lib/kubelet/config.yaml",
               "cgroupDriver: systemd\ncontainerLogMaxSize: 100Mi\n")
    assert checks(root)["docker/log-opts"].status == "ok"


def test_default_ulimits_warn_with_a_systemd_drop_in_then_ok(root):
    _daemon(root, **{"default-ulimits": {"nofile": {"Name": "nofile", "Hard": 65536,
                                                    "Soft": 1024}}})
    result = checks(root)["docker/default-ulimits"]
    assert result.status == "warn"
    assert "LimitNOFILE=1024:65536" in result.fix.splitlines()
    root.write("/etc/systemd/system/containerd.service.d/override.conf",
               "[Service]\nLimitNOFILE=1024:65536\n")
    assert checks(root)["docker/default-ulimits"].status == "ok"


def test_other_settings_say_where_they_belong(root):
    _daemon(root, **{"data-root": "/data/docker", "live-restore": True})
    result = checks(root)["docker/other-settings"]
    assert result.status == "warn"
    assert result.detail.splitlines()[1].startswith("data-root: ")


# ---------------------------------------------------------------- units and scripts

def test_units_requiring_docker_fail_with_file_and_line(root):
    root.write("/etc/systemd/system/app.service",
               "[Unit]\nDescription=app\nRequires=network.target docker.service\n"
               "After=docker.service\n")
    root.write("/lib/systemd/system/docker.service", "[Unit]\nRequires=docker.socket\n")
    result = references.check_units(root.node())[0]
    assert result.status == "fail"
    assert result.detail.splitlines()[1:] == [
        "/etc/systemd/system/app.service:3: Requires=network.target docker.service",
        "/etc/systemd/system/app.service:4: After=docker.service"]


def test_units_only_ordered_after_docker_warn(root):
    root.write("/usr/lib/systemd/system/app.service", "[Unit]\nAfter=docker.socket\n")
    assert references.check_units(root.node())[0].status == "warn"


def test_no_units_depending_on_docker_is_ok(root):
    root.write("/etc/systemd/system/app.service", "[Unit]\nAfter=containerd.service\n")
    assert references.check_units(root.node())[0].status == "ok"


def test_enabled_docker_service_warns(root):
    root.write("/lib/systemd/system/docker.service", "")
    node_check = references.check_docker_service
    assert node_check(root.node())[0].status == "ok"
    root.symlink("/etc/systemd/system/multi-user.target.wants/docker.service",
                 "/lib/systemd/system/docker.service")
    result = node_check(root.node())[0]
    assert result.status == "warn"
    assert result.fix == "systemctl disable --now docker.service docker.socket"


def test_no_docker_service_is_skipped(root):
    assert references.check_docker_service(root.node())[0].status == "skip"


def test_scripts_calling_docker_warn_with_a_few_lines_per_file(root):
    root.write("/etc/cron.daily/prune", "#!/bin/sh\n# docker cleanup\n"
               + "".join("/usr/bin/docker system prune -f  # %d\n" % i for i in range(5)))
    root.write("/etc/crontab", "0 3 * * * root docker-compose -f /srv/app.yml pull\n")
    root.write("/etc/systemd/system/app.service",
               "[Service]\nExecStartPre=-/usr/bin/docker rm -f app\n"
               "Environment=IMAGE=docker.io/app\n")
    root.write("/usr/local/bin/backup", "#!/bin/sh\nls /var/lib/docker/volumes\n"
               "tar c $(docker volume ls -q)\n")
    root.write("/usr/local/bin/dockercri", "from dockercri.cli.main import main\n")
    result = references.check_scripts(root.node())[0]
    assert result.status == "warn"
    lines = result.detail.splitlines()
    assert lines[0] == ("4 file(s) run the docker command: 7 docker calls (7 works), "
                        "2 docker-specific assumptions")
    assert "/etc/cron.daily/prune:3: works: /usr/bin/docker system prune -f" in lines
    assert "/etc/cron.daily/prune: ... 2 more" in lines
    assert ("/etc/crontab:1: assumes-docker: 0 3 * * * root docker-compose -f /srv/app.yml pull"
            in lines)
    assert "/etc/systemd/system/app.service:2: works: /usr/bin/docker rm -f app" in lines
    assert "/usr/local/bin/backup:2: assumes-docker: ls /var/lib/docker/volumes" in lines
    assert "/usr/local/bin/backup:3: works: docker volume ls -q" in lines
    assert not any("dockercri" in line for line in lines)
    assert "`dockercri audit /etc/cron.daily/prune /etc/crontab" in result.fix


def test_scripts_without_the_audit_parser_list_lines_and_say_how_to_install_it(root, monkeypatch):
    from dockercri.audit import shell

    def missing():
        raise shell.MissingParser("No module named 'tree_sitter'")
    monkeypatch.setattr(shell, "parser", missing)
    root.write("/usr/local/bin/backup", "#!/bin/sh\ntar c $(docker volume ls -q)\n")
    result = references.check_scripts(root.node())[0]
    assert result.detail.splitlines() == ["1 file(s) run the docker command:",
                                          "/usr/local/bin/backup:2: tar c $(docker volume ls -q)"]
    assert 'pip install "dockercri[audit]"' in result.fix


def test_no_scripts_calling_docker_is_ok(root):
    root.write("/etc/cron.d/logs", "0 * * * * root crictl rmi --prune\n")
    assert references.check_scripts(root.node())[0].status == "ok"
