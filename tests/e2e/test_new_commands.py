"""port, top and networks against the real containerd, on containers these tests make."""

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
