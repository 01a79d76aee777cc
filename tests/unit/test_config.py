"""Where the runtime is: flags, environment, crictl.yaml, defaults."""

from dockercri import config


def test_flag_beats_environment_beats_file(tmp_path):
    conf = tmp_path / "crictl.yaml"
    conf.write_text("runtime-endpoint: unix:///from/file.sock\nimage-endpoint: unix:///img.sock\n"
                    "timeout: 5\ndebug: true\n")
    env = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///from/env.sock"}
    from_file = config.resolve(config_path=str(conf), environ={})
    assert from_file.runtime_endpoints == ("unix:///from/file.sock",)
    assert from_file.image_endpoints == ("unix:///img.sock",)
    assert from_file.timeout == 5.0 and from_file.debug is True
    from_env = config.resolve(config_path=str(conf), environ=env)
    assert from_env.runtime_endpoints == ("unix:///from/env.sock",)
    from_flag = config.resolve(runtime_endpoint="/from/flag.sock", config_path=str(conf), environ=env)
    assert from_flag.runtime_endpoints == ("unix:///from/flag.sock",)


def test_defaults_are_the_usual_sockets_in_order(tmp_path):
    resolved = config.resolve(config_path=str(tmp_path / "none.yaml"), environ={})
    assert resolved.runtime_endpoints == (
        "unix:///run/containerd/containerd.sock", "unix:///run/crio/crio.sock",
        "unix:///var/run/cri-dockerd.sock")
    assert resolved.image_endpoints == resolved.runtime_endpoints
    assert resolved.timeout == 2.0 and resolved.api_version == "auto"


def test_timeouts_take_go_durations():
    assert config.parse_timeout("2s") == 2.0
    assert config.parse_timeout("500ms") == 0.5
    assert config.parse_timeout("1m") == 60.0
    assert config.parse_timeout("3") == 3.0


def test_crictl_yaml_comments_and_quotes(tmp_path):
    conf = tmp_path / "c.yaml"
    conf.write_text("# comment\nruntime-endpoint: \"unix:///a.sock\"\n\npull-image-on-create: false\n")
    assert config.read_crictl_yaml(str(conf)) == {"runtime-endpoint": "unix:///a.sock",
                                                   "pull-image-on-create": "false"}


def test_docker_host_means_this_nodes_runtime_or_a_cri_socket():
    import pytest

    from dockercri.config import docker_host, resolve
    from dockercri.errors import DockerCLIError

    assert docker_host("unix:///var/run/docker.sock") is None
    assert docker_host("/run/docker.sock") is None
    assert docker_host("unix:///run/containerd/containerd.sock") == \
        "unix:///run/containerd/containerd.sock"
    for remote in ("tcp://10.0.0.1:2375", "ssh://admin@node"):
        with pytest.raises(DockerCLIError) as caught:
            docker_host(remote)
        assert caught.value.exit_code == 1 and remote in caught.value.message
    # -H wins over DOCKER_HOST; CONTAINER_RUNTIME_ENDPOINT over both; docker's own socket
    # leaves the usual search.
    config = resolve(environ={"DOCKER_HOST": "unix:///tmp/a.sock"}, host="unix:///tmp/b.sock",
                     config_path="/nonexistent")
    assert config.runtime_endpoints == ("unix:///tmp/b.sock",)
    config = resolve(environ={"DOCKER_HOST": "unix:///tmp/a.sock",
                              "CONTAINER_RUNTIME_ENDPOINT": "unix:///tmp/c.sock"},
                     config_path="/nonexistent")
    assert config.runtime_endpoints == ("unix:///tmp/c.sock",)
    default = resolve(environ={"DOCKER_HOST": "unix:///var/run/docker.sock"},
                      config_path="/nonexistent")
    assert default.runtime_endpoints == resolve(environ={}, config_path="/nonexistent") \
        .runtime_endpoints
