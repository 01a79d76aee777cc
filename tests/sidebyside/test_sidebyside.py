"""The same docker command lines against the reference Docker engine and dockercri.

Each case runs one argv with /usr/bin/docker (dockerd 20.10, Debian's docker.io)
and with dockercri on the project's containerd, then compares the exit status
exactly, stderr exactly after normalisation (ids, times, durations), and stdout
by kind: tables cell by cell (columns parsed from the header), -q output by
id shape and by which of our containers it lists, inspect JSON by its keys and
its value-stable fields, everything else as normalised text.

Other objects in either runtime (the testbed is shared) are left out: table
rows, names and ids are kept only for this session's containers and image.

A difference that remains is listed in KNOWN_DIFFERENCES with its reason and
the cases that show it. The test asserts both ways: with the listed
differences normalised the two sides must agree, and each listed difference
must still show (remove it from the list once dockercri is fixed). The README's
"Differences from docker" section is rendered from the same list.
"""

import copy
import difflib
import json
import os
import pprint
import re
import textwrap

import pytest

from tests.sidebyside import compare
from tests.sidebyside.conftest import IMAGE, WORLD, expand

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORLD_NAMES = {short for short, _, _ in WORLD}


# -- the differences that remain ---------------------------------------------

class Known:
    """One remaining difference: why ("CRI", "19.03" or "open"), the README line,
    and how to normalise it away on either side."""

    def __init__(self, key, why, text, apply):
        self.key, self.why, self.text, self.apply = key, why, text, apply


def _table_cells(columns, value):
    def apply(side, result):
        table = result["stdout"]
        if not isinstance(table, dict):
            return
        for row in table["rows"]:
            for i, name in enumerate(table["header"]):
                if name in columns:
                    row[i] = value
    return apply


def _min_width_by_version(side, result):
    # docker 20.10 pads table columns to at least 10, 19.03 (what dockercri follows) to 20.
    # When every column is wider than 20 anyway (long cells of other containers on a shared
    # runtime, --no-trunc ids), both widths give the same text: it then follows either rule.
    expected = {"docker": 10, "dockercri": 20}[side]
    if isinstance(result["stdout"], dict) and expected in result["stdout"]["min_width"]:
        result["stdout"]["min_width"] = "as its version does"


def _drop_docker_keys(section, keys):
    def apply(side, result):
        if side != "docker" or not isinstance(result["stdout"], list):
            return
        for doc in result["stdout"]:
            if doc.get("kind") == "container":
                doc[section + ".keys"] = [k for k in doc[section + ".keys"] if k not in keys]
    return apply


def _docker_api_version(side, result):
    if side == "docker":
        result["stdout"] = result["stdout"].replace("1.41", "1.40")


def _template_error_19_03(side, result):
    if side == "docker":
        result["stderr"] = result["stderr"].replace(
            "failed to execute template: ", "Template parsing error: ").replace(
            "template parsing error: ", "Template parsing error: ").replace(
            "*formatter.ContainerContext", "*formatter.containerContext")


def _refusal_reason(side, result):
    # same exit status and "Error response from daemon: " shape; the words after it differ
    head = "Error response from daemon: "
    if result["stderr"].startswith(head):
        result["stderr"] = head + "<why>"


def _docker_version(side, result):
    # dockercri reports docker 19.03.15, whose behaviour it implements; the reference
    # engine is 20.10. The build (docker's git commit) differs by nature on both sides.
    for stream in ("stdout", "stderr"):
        text = result[stream]
        if side == "docker":
            text = re.sub(r"\b20\.10\.\d+(\+dfsg\d+)?", "19.03.15", text)
        result[stream] = re.sub(r", build \S+", ", build <commit>", text)


HOSTCONFIG_ONLY_IN_DOCKER = frozenset((
    "BlkioDeviceReadBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteBps", "BlkioDeviceWriteIOps",
    "BlkioWeight", "BlkioWeightDevice", "Cgroup", "CgroupParent", "CgroupnsMode", "ConsoleSize",
    "ContainerIDFile", "CpuCount", "CpuPercent", "CpuRealtimePeriod", "CpuRealtimeRuntime",
    "DeviceCgroupRules", "DeviceRequests", "Devices", "Dns", "DnsOptions", "DnsSearch",
    "ExtraHosts", "GroupAdd", "IOMaximumBandwidth", "IOMaximumIOps", "IpcMode", "Isolation",
    "KernelMemory", "KernelMemoryTCP", "Links", "MaskedPaths", "MemoryReservation",
    "MemorySwap", "MemorySwappiness", "NanoCpus", "OomKillDisable", "PidMode", "PidsLimit",
    "PortBindings", "PublishAllPorts", "ReadonlyPaths", "Runtime", "SecurityOpt", "ShmSize",
    "UTSMode", "Ulimits", "UsernsMode", "VolumeDriver", "VolumesFrom",
))
NETWORKSETTINGS_ONLY_IN_DOCKER = frozenset((
    "Bridge", "EndpointID", "Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen",
    "HairpinMode", "IPPrefixLen", "IPv6Gateway", "LinkLocalIPv6Address",
    "LinkLocalIPv6PrefixLen", "MacAddress", "SandboxID", "SandboxKey", "SecondaryIPAddresses",
    "SecondaryIPv6Addresses",
))

KNOWN_DIFFERENCES = {k.key: k for k in (
    Known("table-min-width", "19.03",
          "Tables pad every column to at least 20 characters, as docker 19.03 does; docker "
          "20.10 pads to 10. Cells and column order are the same.",
          _min_width_by_version),
    Known("api-version", "19.03",
          "`version --format '{{.Client.APIVersion}}'` is 1.40 (docker 19.03's API); docker "
          "20.10 says 1.41.",
          _docker_api_version),
    Known("template-error", "19.03",
          "A `--format` template that fails reads `Template parsing error: ...` and names "
          "`*formatter.containerContext`, as in docker 19.03; docker 20.10 says `failed to "
          "execute template: ...` and `*formatter.ContainerContext`.",
          _template_error_19_03),
    Known("image-size", "CRI",
          "`images` SIZE is the size CRI reports (containerd counts the compressed "
          "layers); docker shows the unpacked size.",
          _table_cells({"SIZE"}, "<SIZE>")),
    Known("stats-io-pids", "CRI",
          "`stats` reads NET I/O, BLOCK I/O and PIDS on the node (the container's network "
          "namespace and cgroup), since CRI's container stats have none; BLOCK I/O counts "
          "what the cgroup's throttle counters see, which can be less than docker's engine "
          "reports.",
          _table_cells({"NET I/O", "BLOCK I/O", "PIDS"}, "<n/a>")),
    Known("refusal-reason", "CRI",
          "Commands CRI cannot do (swarm services, stacks, nodes, secrets, configs, plugins, "
          "trust, contexts, build, push, commit...) fail as a docker daemon refuses "
          "(exit 1, `Error response from daemon: ...`), and the words say why not over CRI and "
          "what to do instead.",
          _refusal_reason),
    Known("docker-version", "19.03",
          "`docker -v`, `version` and `info` report docker 19.03.15 (API 1.40), the version "
          "whose behaviour dockercri implements, with `dockercri-<version>` where docker "
          "prints its git commit; the reference engine says 20.10.",
          _docker_version),
)}

WHY = {"CRI": "CRI forces it", "19.03": "docker 19.03 behaviour, the version dockercri follows",
       "open": "not yet done in dockercri"}


def readme_section():
    """The README's "Differences from docker" section, rendered from KNOWN_DIFFERENCES."""
    lines = ["## Differences from docker", "",
             "`tests/sidebyside/` runs the same command lines with Docker 20.10 (Debian's "
             "docker.io) and with dockercri on containerd and compares exit status, messages "
             "and output. What still differs:", ""]
    for why in ("CRI", "19.03", "open"):
        for known in KNOWN_DIFFERENCES.values():
            if known.why == why:
                lines.append("- %s (%s)" % (known.text, WHY[why]))
    out = []
    for line in lines:
        indent = "  " if line.startswith("- ") else ""
        out.extend(textwrap.wrap(line, 100, subsequent_indent=indent) or [""])
    return "\n".join(out) + "\n"


# -- the cases ---------------------------------------------------------------

class Case:
    def __init__(self, id, argv, kind="text", setup=(), known=(), full=False, count=None):
        self.id, self.argv, self.kind = id, list(argv), kind
        self.count = count  # rows or lines of ours docker prints: no vacuous comparison
        self.setup = [list(a) for a in setup]
        self.known = tuple(known)
        self.full = full  # -q with --no-trunc: 64-character ids


def C(id, *argv, **kw):
    return Case(id, argv, **kw)


RUN_SVC = ("run", "-d", "--name", "{p}-svc", "{img}", "sleep", "1000")
CREATE_SVC = ("create", "--name", "{p}-svc", "{img}", "sleep", "1000")
CREATE_SVC2 = ("create", "--name", "{p}-svc2", "{img}", "sleep", "1000")
TABLE = ("table-min-width",)

CASES = [
    # ps
    C("ps", "ps", kind="table", count=1, known=TABLE),
    C("ps-a", "ps", "-a", kind="table", count=4, known=TABLE),
    C("ps-q", "ps", "-q", kind="ids", count=1),
    C("ps-aq", "ps", "-aq", kind="ids", count=4),
    C("ps-aq-no-trunc", "ps", "-aq", "--no-trunc", kind="ids", full=True, count=4),
    # -n and -l pick the newest containers of all: filtered to this session's, so that a
    # container someone else makes meanwhile on the shared runtime is not the newest.
    C("ps-n-1", "ps", "-n", "1", "-f", "name={p}-", kind="table", count=1, known=TABLE),
    C("ps-l", "ps", "-l", "-f", "name={p}-", kind="table", count=1, known=TABLE),
    C("ps-a-no-trunc", "ps", "-a", "--no-trunc", kind="table", count=4, known=TABLE),
    C("ps-format-names", "ps", "-a", "--format", "{{.Names}}", kind="names", count=4),
    C("ps-format-labels", "ps", "-a", "-f", "name={p}-web", "--format",
      '{{.Names}} {{.Labels}} {{.Label "app"}} {{.Command}}'),
    C("ps-filter-name", "ps", "-a", "-f", "name={p}-web", kind="table", count=1, known=TABLE),
    C("ps-filter-status-exited", "ps", "-a", "-f", "status=exited", kind="table", count=2,
      known=TABLE),
    C("ps-filter-label", "ps", "-a", "-f", "label=app=web", kind="table", count=1, known=TABLE),
    C("container-ls-a", "container", "ls", "-a", kind="table", count=4, known=TABLE),
    # images
    C("images", "images", kind="table", count=1, known=TABLE + ("image-size",)),
    C("images-q", "images", "-q", kind="ids", count=1),
    C("images-ref", "images", "{img}", kind="table", count=1, known=TABLE + ("image-size",)),
    C("images-nosuch", "images", "nosuch", kind="table", count=0, known=TABLE),
    C("images-format", "images", "{img}", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"),
    # inspect
    C("inspect-running", "inspect", "{p}-web", kind="inspect"),
    C("inspect-exited", "inspect", "{p}-exit3", kind="inspect"),
    C("inspect-created", "inspect", "{p}-created", kind="inspect"),
    C("inspect-image", "inspect", "{img}", kind="inspect"),
    C("inspect-nosuch", "inspect", "nosuch"),
    C("inspect-container-and-nosuch", "inspect", "{p}-web", "nosuch", kind="inspect"),
    C("inspect-type-container-of-image", "inspect", "--type", "container", "{img}"),
    C("inspect-type-image-of-container", "inspect", "--type", "image", "{p}-web"),
    C("inspect-format-state", "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}",
      "{p}-web", "{p}-exit3", "{p}-created"),
    C("inspect-format-nosuch", "inspect", "-f", "{{.Name}}", "{p}-web", "nosuch"),
    # docker runs -f over the typed object, then over the raw JSON: an unknown field is an
    # error, a map's missing key <no value>, a nil pointer <nil>
    C("inspect-format-unknown-field", "inspect", "-f", "{{.State.Nosuch}}", "{p}-web",
      known=("template-error",)),
    C("inspect-format-health", "inspect", "-f", "{{.State.Health}} {{json .State.Health}} "
      "{{.Config.Labels.nosuch}}", "{p}-web"),
    C("inspect-format-health-status", "inspect", "-f", "{{.State.Health.Status}}", "{p}-web",
      "nosuch", known=("template-error",)),
    C("inspect-format-only-nosuch", "inspect", "-f", "{{.Id}}", "nosuch"),
    # labels are a Go map: sorted keys, in json and printed
    C("inspect-format-labels", "inspect", "-f", "{{json .Config.Labels}} {{.Config.Labels}}",
      "{p}-lab", setup=[("create", "--name", "{p}-lab", "--label", "zeta=1", "--label",
                         "alpha=2", "--label", "mid=3", "{img}", "true")]),
    # logs
    C("logs", "logs", "{p}-talker"),
    C("logs-tail-1", "logs", "--tail", "1", "{p}-talker"),
    C("logs-tail-0", "logs", "--tail", "0", "{p}-talker"),
    C("logs-t", "logs", "-t", "{p}-talker"),
    C("logs-details", "logs", "--details", "{p}-talker"),
    # --tail 1: out2 and err2 are written at one instant, in either order, on both sides
    C("logs-details-t-tail", "logs", "--details", "-t", "--tail", "1", "{p}-talker"),
    C("logs-since-future", "logs", "--since", "2099-01-01T00:00:00", "{p}-talker"),
    C("logs-never-started", "logs", "{p}-created"),
    C("logs-nosuch", "logs", "nosuch"),
    # run and create
    C("run-rm-exit-7", "run", "--rm", "{img}", "sh", "-c", "echo out; echo err >&2; exit 7"),
    C("run-rm-nosuchcmd", "run", "--rm", "{img}", "nosuchcmd"),
    C("run-rm-not-executable", "run", "--rm", "{img}", "/etc/passwd"),
    C("run-rm-directory", "run", "--rm", "{img}", "/etc"),
    C("run-rm-cpus-rational", "run", "--rm", "--cpus", "3/2", "{img}", "true"),
    C("run-d", "run", "-d", "--name", "{p}-bg", "{img}", "sleep", "1000"),
    C("run-name-in-use", "run", "--name", "{p}-web", "{img}", "true"),
    C("run-bad-flag", "run", "--nosuch", "{img}"),
    C("run-bad-cpus", "run", "--cpus", "x", "{img}"),
    C("create", "create", "--name", "{p}-new", "{img}", "true"),
    C("create-name-in-use", "create", "--name", "{p}-web", "{img}", "true"),
    # start, stop, restart, kill, wait
    C("start", "start", "{p}-svc", setup=[CREATE_SVC]),
    C("start-running", "start", "{p}-svc", setup=[RUN_SVC]),
    C("start-two", "start", "{p}-svc", "{p}-svc2", setup=[CREATE_SVC, CREATE_SVC2]),
    C("stop", "stop", "-t", "1", "{p}-svc", setup=[RUN_SVC]),
    C("stop-exited", "stop", "{p}-exit3"),
    C("stop-partial", "stop", "-t", "1", "{p}-svc", "nosuch", setup=[RUN_SVC]),
    C("restart", "restart", "-t", "1", "{p}-svc", setup=[RUN_SVC]),
    C("kill", "kill", "{p}-svc", setup=[RUN_SVC]),
    C("kill-hup", "kill", "-s", "HUP", "{p}-svc", setup=[RUN_SVC]),
    C("kill-not-running", "kill", "{p}-exit3"),
    C("wait-killed", "wait", "{p}-svc", setup=[RUN_SVC, ("kill", "{p}-svc")]),
    C("wait-exited", "wait", "{p}-exit3"),
    C("start-nosuch", "start", "nosuch"),
    C("stop-nosuch", "stop", "nosuch"),
    C("restart-nosuch", "restart", "nosuch"),
    C("kill-nosuch", "kill", "nosuch"),
    C("wait-nosuch", "wait", "nosuch"),
    # rm
    C("rm-running", "rm", "{p}-web"),
    C("rm-nosuch", "rm", "nosuch"),
    C("rm-f-nosuch", "rm", "-f", "nosuch"),
    C("rm-one-of-two-fails", "rm", "{p}-svc", "nosuch", setup=[CREATE_SVC]),
    C("rm-two", "rm", "{p}-svc", "{p}-svc2", setup=[CREATE_SVC, CREATE_SVC2]),
    C("rm-f-running", "rm", "-f", "{p}-svc", setup=[RUN_SVC]),
    # pause: CRI has no paused state; dockercri reads the freezer on the node
    C("pause-ps-state", "ps", "-a", "-f", "name={p}-svc", "--format",
      "{{.Names}} {{.State}} {{.Status}}", setup=[RUN_SVC, ("pause", "{p}-svc")]),
    C("pause-ps-filter", "ps", "-a", "-f", "status=paused", "-f", "name={p}-", "--format",
      "{{.Names}}", setup=[RUN_SVC, ("pause", "{p}-svc")]),
    C("pause-inspect", "inspect", "-f", "{{.State.Status}} {{.State.Paused}} {{.State.Running}}",
      "{p}-svc", setup=[RUN_SVC, ("pause", "{p}-svc")]),
    C("pause-twice", "pause", "{p}-svc", setup=[RUN_SVC, ("pause", "{p}-svc")]),
    C("unpause-running", "unpause", "{p}-svc", setup=[RUN_SVC]),
    # exec
    C("exec-exit-5", "exec", "{p}-web", "sh", "-c", "echo out; echo err >&2; exit 5"),
    C("exec-not-running", "exec", "{p}-exit3", "true"),
    C("exec-nosuch", "exec", "nosuch", "true"),
    # the command line's own errors
    C("cli-unknown-command", "nosuchcommand"),
    C("cli-unknown-flag", "ps", "--nosuch"),
    C("cli-unknown-shorthand", "ps", "-Z"),
    C("cli-flag-needs-argument", "ps", "-n"),
    C("cli-bad-n", "ps", "-n", "x"),
    C("cli-bad-format", "ps", "--format", "{{.Nosuch}}", known=("template-error",)),
    C("cli-ps-argument", "ps", "a"),
    C("cli-images-two-arguments", "images", "a", "b"),
    C("cli-logs-two-arguments", "logs", "a", "b"),
    C("cli-inspect-no-arguments", "inspect"),
    C("cli-rm-no-arguments", "rm"),
    C("cli-logs-no-arguments", "logs"),
    C("cli-run-no-arguments", "run"),
    C("cli-stop-no-arguments", "stop"),
    C("cli-exec-one-argument", "exec", "{p}-web"),
    C("cli-container-ls-bad-flag", "container", "ls", "--nosuch"),
    C("cli-container-ls-bad-n", "container", "ls", "-n", "x"),
    C("cli-container-ls-argument", "container", "ls", "a"),
    # version and stats
    C("version-client-apiversion", "version", "--format", "{{.Client.APIVersion}}",
      known=("api-version",)),
    C("version-client-json-key", "version", "--format", "{{.Client.ApiVersion}}"),
    C("version-server-unknown-field", "version", "--format", "a{{.Server.Nosuch}}"),
    C("version-bad-template", "version", "--format", "{{.Client", known=("template-error",)),
    C("version-flag", "--version", known=("docker-version",)),
    C("version-flag-short", "-v", known=("docker-version",)),
    C("version-client-version", "version", "--format", "{{.Client.Version}}",
      known=("docker-version",)),
    C("version-server-version", "version", "--format", "{{.Server.Version}}",
      known=("docker-version",)),
    C("info-server-version", "info", "--format", "{{.ServerVersion}}",
      known=("docker-version",)),
    C("stats-no-stream", "stats", "--no-stream", kind="table", count=1,
      known=TABLE + ("stats-io-pids",)),
    C("stats-no-stream-one", "stats", "--no-stream", "{p}-web", kind="table", count=1,
      known=TABLE + ("stats-io-pids",)),
    C("stats-no-stream-nosuch", "stats", "--no-stream", "nosuch"),
    # volumes: CRI has none, docker's reference engine here has none of ours either
    C("volume-ls", "volume", "ls", kind="table", count=0, known=TABLE),
    C("volume-ls-q", "volume", "ls", "-q"),
    C("volume-ls-bad-filter", "volume", "ls", "-f", "bogus=1"),
    C("volume-inspect-nosuch", "volume", "inspect", "nosuch"),
    C("volume-inspect-format-nosuch", "volume", "inspect", "-f", "{{.Name}}", "nosuch"),
    C("volume-rm-nosuch", "volume", "rm", "nosuch", "nosuch2"),
    C("volume-rm-f-nosuch", "volume", "rm", "-f", "nosuch"),
    C("volume-prune-f", "volume", "prune", "-f"),
    C("image-prune-bad-filter", "image", "prune", "-f", "--filter", "bogus=1"),
    C("network-prune-f", "network", "prune", "-f"),
    C("network-prune-until", "network", "prune", "-f", "--filter", "until=1h"),
    C("network-prune-bad-filter", "network", "prune", "-f", "--filter", "bogus=1"),
    C("image-prune-until-nothing", "image", "prune", "-a", "-f", "--filter",
      "until=2001-01-01T00:00:00"),
    # networks: host and none are on both sides
    C("network-ls-host-none", "network", "ls", "-f", "type=builtin", "-f", "name=none",
      "--format", "{{.Name}} {{.Driver}} {{.Scope}}"),
    C("network-ls-bad-filter", "network", "ls", "-f", "bogus=1"),
    C("network-inspect-nosuch", "network", "inspect", "nosuch"),
    C("network-inspect-none-driver", "network", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Scope}}",
      "none"),
    # refused: the same exit status, the shape of a daemon refusal
    C("refused-service-ls", "service", "ls", known=("refusal-reason",)),
    C("refused-swarm-leave", "swarm", "leave", known=("refusal-reason",)),
    C("cli-rename-one-argument", "rename", "a"),
    C("cli-volume-alone", "volume"),
]


# -- what each side printed, as a comparable structure -----------------------

def _ours(prefix):
    def keep(row):
        name = row.get("NAMES", row.get("NAME"))
        if name is not None:
            return name.startswith(prefix + "-")
        if "REPOSITORY" in row:
            return "%s:%s" % (row["REPOSITORY"], row.get("TAG")) == IMAGE
        return True
    return keep


def structure(side, result, case, sides):
    prefix = sides.prefix
    out = result.out
    if case.kind == "table":
        if result.code == 0:
            out = compare.table(out, _ours(prefix))
    elif case.kind == "ids":
        out = compare.id_lines(out, sides.names_by_id[side], case.full)
    elif case.kind == "names":
        out = [line[len(prefix) + 1:] for line in out.splitlines()
               if line.startswith(prefix + "-")]
    elif case.kind == "inspect":
        out = compare.inspect(out)
        if side == "docker":
            for doc in out if isinstance(out, list) else ():
                # The reference dockerd runs without a bridge (--bridge none), which
                # marks containers NetworkDisabled; a default dockerd does not.
                if "Config.keys" in doc and doc["kind"] == "container":
                    doc["Config.keys"] = [k for k in doc["Config.keys"] if k != "NetworkDisabled"]
    else:
        out = compare.normalise(out, side)
    err = compare.deterministic_stderr(result.err) if side == "docker" else result.err
    return {"exit": result.code, "stdout": out, "stderr": compare.normalise(err, side)}


def _normalised(docker, cri, knowns):
    docker, cri = copy.deepcopy(docker), copy.deepcopy(cri)
    for known in knowns:
        known.apply("docker", docker)
        known.apply("dockercri", cri)
    return docker, cri


def _explain(docker, cri):
    a = pprint.pformat(docker, width=100).splitlines()
    b = pprint.pformat(cri, width=100).splitlines()
    return "\n".join(difflib.unified_diff(a, b, "docker", "dockercri", lineterm=""))


def _names_in(argvs):
    found = set()
    for argv in argvs:
        for i, arg in enumerate(argv[:-1]):
            if arg == "--name":
                found.add(argv[i + 1])
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_same_as_docker(case, sides):
    for argv in case.setup:
        made = sides.both(argv)
        assert made["docker"].code == made["dockercri"].code, (argv, made)
    world = {"%s-%s" % (sides.prefix, short) for short in WORLD_NAMES}
    own = {n for n in _names_in([expand(a, sides.prefix) for a in case.setup + [case.argv]])
           if n not in world}
    try:
        results = sides.both(case.argv)
    finally:
        sides.remove(own)
    docker = structure("docker", results["docker"], case, sides)
    cri = structure("dockercri", results["dockercri"], case, sides)
    if case.count is not None:
        out = docker["stdout"]
        listed = out["rows"] if case.kind == "table" else out["ours"] if case.kind == "ids" else out
        assert len(listed) == case.count, ("docker listed %d of ours, not %d: %r"
                                           % (len(listed), case.count, results["docker"]))
    knowns = [KNOWN_DIFFERENCES[key] for key in case.known]
    a, b = _normalised(docker, cri, knowns)
    assert a == b, "dockercri differs from docker for %s:\n%s\nraw: %r" % (
        " ".join(expand(case.argv, sides.prefix)), _explain(a, b), results)
    for known in knowns:
        a, b = _normalised(docker, cri, [k for k in knowns if k is not known])
        assert a != b, ("the known difference %r no longer shows in %s: remove it from the case "
                        "(and from KNOWN_DIFFERENCES if no case shows it)" % (known.key, case.id))


# -- checks that need no engine ----------------------------------------------

def test_every_known_difference_is_shown_by_a_case():
    used = {key for case in CASES for key in case.known}
    assert used == set(KNOWN_DIFFERENCES)


def test_case_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


def test_readme_lists_the_known_differences():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    wanted = readme_section()
    heading = wanted.splitlines()[0]
    assert heading in readme, (
        "README.md has no %r section; add this text:\n\n%s" % (heading, wanted))
    section = readme.split(heading, 1)[1]
    section = heading + re.split(r"\n(?=## )", section, 1)[0]

    def words(text):
        return " ".join(text.split())
    assert words(section) == words(wanted), (
        "README.md's %r section and KNOWN_DIFFERENCES disagree; the section should read:\n\n%s"
        % (heading, wanted))


def test_table_parsing_and_spacing():
    header = ["CONTAINER ID", "IMAGE", "PORTS", "NAMES"]
    rows = [["0123456789ab", "busybox", "", "web"]]
    for width in (10, 20):
        text = compare.render_table(header, rows, width)
        assert compare.parse_table(text) == (header, rows)
        assert compare.table_min_widths(text, header, rows) == (width,)
    assert compare.normalise("Up 3 seconds, Exited (3) About a minute ago") == \
        "Up <DURATION>, Exited (3) <DURATION> ago"
    assert json.loads(json.dumps(compare.inspect("[]"))) == []


def test_only_docker_s_racy_wait_error_is_dropped():
    start_error = ('docker: Error response from daemon: failed to create shim task: ... exec: '
                   '"/etc": permission denied: unknown.\n')
    for racy in ('time="2026-12-06T03:59:05Z" level=error msg="error waiting for container: '
                 'context canceled"\n', "ERRO[0000] error waiting for container: context canceled\n"):
        assert compare.deterministic_stderr(start_error + racy) == start_error
        assert compare.deterministic_stderr(racy + start_error) == start_error
    other = 'time="2026-12-06T03:59:05Z" level=error msg="error waiting for container: EOF"\n'
    assert compare.deterministic_stderr(start_error + other) == start_error + other
