"""docker 19.03's commands that CRI cannot do, or that answer without runtime objects:
refusals from the table, the volume answers, and networks from a runtime's CNI config."""

import pytest

from dockercri import mapping
from tests.conftest import run_cli

NO_RUNTIME = {"CONTAINER_RUNTIME_ENDPOINT": "unix:///nonexistent/dockercri-test.sock"}

REFUSED = [cmd for cmd in (mapping.command(name) for name in mapping.command_names())
           if cmd.status == "unsupported"]


def cli(*argv):
    return run_cli(list(argv), environ=NO_RUNTIME)


def answered(argv, stdin_text):
    """(exit status, stdout) of a command that reads an answer from stdin."""
    import io
    from dockercri.cli.main import raw_main
    from dockercri.env import Environment
    out = io.StringIO()
    env = Environment(stdout=out, stderr=io.StringIO(), stdin=io.StringIO(stdin_text),
                      environ=dict(NO_RUNTIME), prog="docker")
    return raw_main(list(argv), env), out.getvalue()


def _sample(command):
    return {"none": [], "one": ["x"], "two": ["x", "y"], "one-or-two": ["x"], "at-most-one": [],
            "image-and-command": ["x"], "any": []}.get(command.args, ["x"])


@pytest.mark.parametrize("command", REFUSED, ids=lambda c: c.name)
def test_refused_commands_say_why_and_what_instead(command):
    result = cli(*(command.name.split() + _sample(command)))
    assert result.code == 1, result
    assert result.out == ""
    assert result.err.startswith('Error response from daemon: "docker %s" is not possible over CRI: '
                                 % command.name)
    assert command.reason.rstrip(".") in result.err
    assert "Instead: %s." % command.workaround.rstrip(".") in result.err
    assert "is not a docker command" not in result.err


def test_refused_commands_are_found_by_alias_and_check_arguments_first():
    assert cli("container", "commit", "x").err.startswith(
        'Error response from daemon: "docker commit" is not possible over CRI')
    wrong = cli("rename", "only-one")
    assert wrong.code == 1 and '"docker rename" requires exactly 2 arguments.' in wrong.err
    bad_flag = cli("push", "--nosuch", "x")
    assert bad_flag.code == 125 and "unknown flag: --nosuch" in bad_flag.err


def test_refusal_help_and_explain_come_from_the_table():
    text = cli("service", "create", "--help").out
    assert "Usage:  docker service create [OPTIONS] IMAGE [COMMAND] [ARG...]" in text
    assert "--replicas uint" in text
    assert "Not possible over CRI: swarm mode" in text and "Instead: use Kubernetes" in text
    explained = cli("explain", "build", "-t", "x", ".").out
    assert "Not possible over CRI (dockercri refuses this command, exit 1):" in explained
    assert "buildah" in explained and "CRI calls:" in explained


def test_management_words_alone_list_their_commands():
    result = cli("volume")
    assert result.code == 0 and result.out == ""
    assert "Usage:  docker volume COMMAND" in result.err
    assert "  ls          List volumes" in result.err
    assert cli("volume", "nosuch").code == 1
    nested = cli("trust", "key")
    assert "  generate    Generate and load a signing key-pair" in nested.err


def test_volume_answers_are_dockers_for_a_daemon_without_volumes():
    assert cli("volume", "ls").out == "DRIVER              VOLUME NAME\n"
    assert cli("volume", "ls", "-q").out == ""
    assert cli("volume", "ls", "--format", "{{.Name}}").out == ""
    bad = cli("volume", "ls", "-f", "bogus=1")
    assert (bad.code, bad.err) == (1, "Error response from daemon: Invalid filter 'bogus'\n")
    inspect = cli("volume", "inspect", "a", "b")
    assert (inspect.code, inspect.out) == (1, "[]\n")
    assert inspect.err == "Error: No such volume: a\nError: No such volume: b\n"
    assert cli("volume", "rm", "a").err == "Error: No such volume: a\n"
    assert (cli("volume", "rm", "-f", "a").code, cli("volume", "rm", "-f", "a").out) == (0, "a\n")
    assert cli("volume", "prune", "-f").out == "Total reclaimed space: 0B\n"
    code, out = answered(["volume", "prune"], "n\n")
    assert code == 0 and out.endswith("[y/N] ") and "Total reclaimed" not in out
    code, out = answered(["volume", "prune"], "y\n")
    assert code == 0 and out.endswith("[y/N] Total reclaimed space: 0B\n")


CONTAINERD_INFO = {"cniconfig": {"Networks": [
    {"Config": {"Name": "cni-loopback", "Plugins": [{"Network": {"type": "loopback"}}]},
     "IFName": "lo"},
    {"Config": {"Name": "k8s-pod-network", "Plugins": [
        {"Network": {"type": "calico"},
         "Source": '{"type":"calico","ipam":{"type":"host-local","ranges":[[{"subnet":"10.1.0.0/24"}]]}}'},
        {"Network": {"type": "portmap"}, "Source": '{"type":"portmap"}'}]},
     "IFName": "eth0"}]}}


def test_pod_networks_from_containerd_cni_config():
    from dockercri.commands import networks
    found = networks.cni_networks(CONTAINERD_INFO)
    assert [(n.name, n.driver, n.subnets) for n in found] == [
        ("k8s-pod-network", "calico", ["10.1.0.0/24"])]
    # the node's, like docker's bridge: cleanup of custom networks leaves it alone
    assert found[0].builtin and not networks._matches(found[0], {"type": ["custom"]})
    assert networks.cni_networks({}) == [] and networks.cni_networks(None) == []
    document = networks.network_json(found[0])
    assert document["IPAM"]["Config"] == [{"Subnet": "10.1.0.0/24"}]
    assert len(document["Id"]) == 64 and document["Id"] == networks.Network("k8s-pod-network",
                                                                              "x").id


def test_network_filters():
    from dockercri.commands import networks
    host, pod = networks.Network("host", "host"), networks.Network("pods", "bridge", builtin=False)
    assert networks._matches(host, {"name": ["os"]})
    assert not networks._matches(pod, {"name": ["os"]})
    assert networks._matches(pod, {"type": ["custom"], "driver": ["bridge"]})
    assert not networks._matches(host, {"type": ["custom"]})
    assert networks._matches(host, {"id": [host.id[:5]]})
    assert networks._find([host, pod], pod.id[:6]) is pod
    assert networks._find([host, pod], "nosuch") is None


def test_ps_output_is_kept_to_the_container_pids():
    from dockercri.node.processes import parse_ps
    from dockercri.errors import DockerCLIError
    output = ("UID PID PPID C STIME TTY TIME CMD\n"
              "root 1 0 0 04:00 ? 00:00:01 /sbin/init splash\n"
              "root 42 1 0 04:01 ? 00:00:00 sleep 1000\n"
              "root 43 42 0 04:01 ? 00:00:00 sh -c echo a  b\n")
    header, rows = parse_ps(output, {42, 43})
    assert header == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert [row[1] for row in rows] == ["42", "43"]
    assert rows[1][7] == "sh -c echo a  b"  # the last column keeps its spaces
    with pytest.raises(DockerCLIError, match="Couldn't find PID field"):
        parse_ps("USER COMMAND\nroot sleep\n", {1})


def test_port_mappings_from_the_sandbox_verbose_info():
    import json
    from dockercri.commands.ports import mappings
    from dockercri.plan.ports import private_port
    from dockercri.errors import DockerCLIError

    class Status:
        info = {"info": json.dumps({"config": {"port_mappings": [
            {"container_port": 80, "host_port": 8080},
            {"protocol": 1, "container_port": 53, "host_port": 5353, "host_ip": "127.0.0.1"}]}})}
    assert mappings(Status()) == [(53, "udp", "127.0.0.1", 5353), (80, "tcp", "0.0.0.0", 8080)]
    assert private_port("80") == (80, "tcp") and private_port("53/UDP") == (53, "udp")
    with pytest.raises(DockerCLIError, match='parsing "x": invalid syntax'):
        private_port("x")
    with pytest.raises(DockerCLIError, match="value out of range"):
        private_port("70000")


def test_disk_usage_rows():
    from types import SimpleNamespace as NS
    from dockercri.commands.disk import summary
    images = [NS(id="sha256:a", size=1000, repo_tags=[]), NS(id="sha256:b", size=3000,
                                                            repo_tags=["pause:3.9"])]
    containers = [NS(id="c1", image_ref="sha256:a", image=NS(image="x"), state=1),
                  NS(id="c2", image_ref="sha256:a", image=NS(image="x"), state=2)]
    stats = [NS(attributes=NS(id="c1"), writable_layer=NS(used_bytes=NS(value=100))),
             NS(attributes=NS(id="c2"), writable_layer=NS(used_bytes=NS(value=300)))]
    rows = [[getattr(row, col)() for col in row.DEFAULT] for row in summary(images, containers, stats)]
    assert rows == [["Images", "2", "1", "4kB", "3kB (75%)"],
                    ["Containers", "2", "1", "400B", "300B (75%)"],
                    ["Local Volumes", "0", "0", "0B", "0B"],
                    ["Build Cache", "0", "0", "0B", "0B"]]
    empty = summary([], [], [])
    assert empty[0].Reclaimable() == "0B"
    # kubelet pod sandboxes are containers, and their sandbox image is in use
    pods = [NS(state=0), NS(state=1)]
    rows = [[getattr(row, col)() for col in row.DEFAULT]
            for row in summary(images, containers, stats, pods, "pause:3.9")]
    assert rows[:2] == [["Images", "2", "2", "4kB", "0B (0%)"],
                        ["Containers", "4", "2", "400B", "300B (75%)"]]


def test_history_rows_newest_first():
    import json
    from types import SimpleNamespace as NS
    from dockercri.commands.history import HistoryContext, entries
    status = NS(info={"info": json.dumps({"imageSpec": {"history": [
        {"created": "2020-01-01T00:00:00Z", "created_by": "/bin/sh -c #(nop) ADD file:abc in / "},
        {"created": "2020-01-02T00:00:00Z", "created_by": "/bin/sh -c #(nop)  CMD [\"sh\"]",
         "empty_layer": True}]}})})
    rows = entries(NS(id="sha256:" + "f" * 64, size=5000), status)
    assert [row["id"] for row in rows] == ["sha256:" + "f" * 64, "<missing>"]
    assert [row["size"] for row in rows] == [0, 5000]
    context = HistoryContext(rows[1], now=1.6e9)
    assert context.CreatedBy() == "/bin/sh -c #(nop) ADD file:abc in / "
    long_row = dict(rows[1], created_by="x" * 50)
    assert HistoryContext(long_row, 0).CreatedBy() == "x" * 44 + "…"
    assert HistoryContext(rows[0], 0).ID() == "f" * 12
    assert HistoryContext(rows[0], 0, human=False).CreatedSince() == "2020-01-02T00:00:00Z"


def test_cp_arguments_split_as_docker_splits_them():
    from dockercri.plan.copy import split_argument
    assert split_argument("web:/etc/hosts") == ("web", "/etc/hosts")
    assert split_argument("/abs:olute") == ("", "/abs:olute")
    assert split_argument("./rel:ative") == ("", "./rel:ative")
    assert split_argument("plain") == ("", "plain")
    assert split_argument("-") == ("", "-")
    both = cli("cp", "a:/x", "b:/y")
    assert (both.code, both.err) == (1, "copying between containers is not supported\n")
    neither = cli("cp", "a", "b")
    assert (neither.code, neither.err) == (1, "must specify at least one container source\n")


def test_event_lines_as_docker_prints_them(monkeypatch):
    from dockercri.node import events
    monkeypatch.setenv("TZ", "UTC")
    import time
    time.tzset()
    message = {"status": "start", "id": "abc", "from": "busybox", "Type": "container",
               "Action": "start", "Actor": {"ID": "abc", "Attributes": {"name": "web",
                                                                      "image": "busybox"}},
               "scope": "local", "time": 1600000000, "timeNano": 1600000000123456789}
    assert events.render(message, None) == (
        "2020-09-13T12:26:40.123456789Z container start abc (image=busybox, name=web)")
    assert events.render(message, "{{.Action}} {{.Actor.Attributes.name}} {{.Time}}") == \
        "start web 1600000000"
    assert '"Action":"start"' in events.render(message, "{{json .}}")
    bad = cli("events", "--filter", "name=x")
    assert (bad.code, bad.err) == (1, "Error response from daemon: Invalid filter 'name'\n")


def test_system_prune_warns_as_docker_and_checks_filters():
    code, out = answered(["system", "prune", "-a", "--volumes"], "n\n")
    assert code == 0 and out == (
        "WARNING! This will remove:\n  - all stopped containers\n"
        "  - all networks not used by at least one container\n"
        "  - all volumes not used by at least one container\n"
        "  - all images without at least one container associated to them\n"
        "  - all build cache\n\nAre you sure you want to continue? [y/N] ")
    bad = cli("system", "prune", "-f", "--filter", "bogus=1")
    assert (bad.code, bad.err) == (1, "Error response from daemon: Invalid filter 'bogus'\n")


def test_import_changes_become_the_image_config():
    from dockercri.errors import DockerCLIError
    from dockercri.node.imports import apply_changes
    assert apply_changes(['CMD ["a", "b"]', "ENTRYPOINT run me", "ENV A=1 B=2", "ENV A 3",
                          'LABEL x="y z"', "EXPOSE 80 53/udp", "WORKDIR /w", "USER 1000",
                          "VOLUME /data"]) == {
        "Cmd": ["a", "b"], "Entrypoint": ["/bin/sh", "-c", "run me"], "Env": ["B=2", "A=3"],
        "Labels": {"x": "y z"}, "ExposedPorts": {"80/tcp": {}, "53/udp": {}},
        "WorkingDir": "/w", "User": "1000", "Volumes": {"/data": {}}}
    with pytest.raises(DockerCLIError, match="unknown instruction: FROM"):
        apply_changes(["from busybox"])
    bad = cli("import", "-c", "RUN x", "rootfs.tar", "repo:1")
    assert bad.code == 1 and "unknown instruction: RUN" in bad.err
    assert "not a URL" in cli("import", "http://example.com/r.tar", "repo:1").err


def test_values_docker_rejects_are_explained_and_refused_in_its_words():
    for argv, message in ((["cp", "a", "b"], "must specify at least one container source"),
                          (["port", "web", "x"], 'strconv.ParseUint: parsing "x": invalid syntax'),
                          (["events", "-f", "name=x"], "Invalid filter 'name'")):
        explained = cli("explain", *argv)
        assert explained.code == 0 and "docker rejects this command line: " in explained.out
        ran = cli(*argv)
        assert ran.code == 1 and message in ran.err, (argv, ran)
