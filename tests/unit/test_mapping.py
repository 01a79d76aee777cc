"""The mapping table itself: schema, docker's flag inventory, CRI paths, the loader, the matrix."""

import importlib.util
import inspect
import os
import subprocess
import sys
import textwrap

import pytest

from dockercri import mapping
from dockercri.mapping import transforms

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAPPING_DIR = os.path.join(ROOT, "mapping")
INVENTORY = os.path.join(MAPPING_DIR, "docker_19.03_flags.txt")
REFERENCE_PROTO = "/work/shared/reference/cri-api/v1/api.proto"

TOML_FILES = sorted(name for name in os.listdir(MAPPING_DIR) if name.endswith(".toml"))
ALL = [mapping._load_file(os.path.join(MAPPING_DIR, name), strict=True) for name in TOML_FILES]
BY_NAME = {cmd.name: cmd for cmd in ALL}
ROWS = [(cmd, row) for cmd in ALL for row in cmd.flags]

# Kubernetes' "Mapping from dockercli to crictl" (docker CLI v1.40, crictl v1.19)
K8S_DOCKER = {
    "attach": "attach", "exec": "exec", "images": "images", "info": "info",
    "inspect": "inspect, inspecti", "logs": "logs", "ps": "ps", "stats": "stats",
    "version": "version", "create": "create", "kill": "stop (timeout = 0)", "pull": "pull",
    "rm": "rm", "rmi": "rmi", "run": "run", "start": "start", "stop": "stop", "update": "update",
}
K8S_UNSUPPORTED = {
    "attach": ["--detach-keys", "--sig-proxy"], "exec": ["--privileged", "--user", "--detach-keys"],
    "logs": ["--details"], "kill": ["--signal"], "pull": ["--all-tags", "--disable-content-trust"],
    "start": ["--detach-keys"], "update": ["--restart", "--blkio-weight"],
}
CRICTL_ONLY = ("imagefsinfo", "inspectp", "port-forward", "pods", "runp", "rmp", "stopp")
OTHER_DOCKER = ("restart", "wait", "container prune", "image prune", "login", "logout")
# docker 19.03's other commands: every one answers, by doing it or by saying why not
DOCKER_1903 = (
    "build", "builder prune", "checkpoint create", "checkpoint ls", "checkpoint rm", "commit",
    "config create", "config inspect", "config ls", "config rm", "context create", "context export",
    "context import", "context inspect", "context ls", "context rm", "context update", "context use",
    "cp", "diff", "engine activate", "engine check", "engine update", "events", "export", "history",
    "import", "load", "manifest annotate", "manifest create", "manifest inspect", "manifest push",
    "network connect", "network create", "network disconnect", "network inspect", "network ls",
    "network prune", "network rm", "node demote", "node inspect", "node ls", "node promote",
    "node ps", "node rm", "node update", "pause", "plugin create", "plugin disable",
    "plugin enable", "plugin inspect", "plugin install", "plugin ls", "plugin push", "plugin rm",
    "plugin set", "plugin upgrade", "port", "push", "rename", "save", "search", "secret create",
    "secret inspect", "secret ls", "secret rm", "service create", "service inspect",
    "service logs", "service ls", "service ps", "service rm", "service rollback", "service scale",
    "service update", "stack deploy", "stack ls", "stack ps", "stack rm", "stack services",
    "swarm ca", "swarm init", "swarm join", "swarm join-token", "swarm leave", "swarm unlock",
    "swarm unlock-key", "swarm update", "system df", "system prune", "tag", "top",
    "trust inspect", "trust key generate", "trust key load", "trust revoke", "trust sign",
    "trust signer add", "trust signer remove", "unpause", "volume create", "volume inspect",
    "volume ls", "volume prune", "volume rm",
)

# CRI fields newer than containerd 1.6: a row that uses one says so in its note.
NEWER_THAN_CONTAINERD_16 = (
    "ContainerConfig.stop_signal", "NamespaceOption.userns_options", "ContainerConfig.CDI_devices",
    "LinuxContainerResources.memory_swap_limit_in_bytes", "LinuxPodSandboxConfig.resources",
)


def ids(value):
    if isinstance(value, tuple):
        cmd, row = value
        return "%s %s" % (cmd.name, row.name)
    return getattr(value, "name", str(value))


# ---------------------------------------------------------------- the files

@pytest.mark.parametrize("name", TOML_FILES)
def test_fast_reader_matches_toml(name):
    try:
        import tomllib
    except ImportError:
        import tomli as tomllib
    with open(os.path.join(MAPPING_DIR, name), encoding="utf-8") as fh:
        text = fh.read()
    assert mapping._parse_simple(text) == tomllib.loads(text)


@pytest.mark.parametrize("cmd", ALL, ids=ids)
def test_file_named_after_command(cmd):
    assert mapping._file_for(cmd.name) == os.path.join(MAPPING_DIR, cmd.name.replace(" ", "_") + ".toml")
    assert os.path.exists(mapping._file_for(cmd.name))


def test_unknown_keys_are_refused():
    data = {"command": {"name": "x", "kind": "docker", "usage": "docker x", "summary": "x",
                        "args": "none", "note": "n"},
            "flag": [{"name": "--a", "type": "bool", "help": "h", "status": "mapped", "colour": "red"}]}
    with pytest.raises(mapping.TableError, match="colour"):
        mapping._build(data, "x.toml")
    data["flag"][0].pop("colour")
    data["command"]["extra"] = 1
    with pytest.raises(mapping.TableError, match="extra"):
        mapping._build(data, "x.toml")
    data["command"].pop("extra")
    data["flag"][0]["status"] = "partly"
    with pytest.raises(mapping.TableError, match="status"):
        mapping._build(data, "x.toml")
    data["flag"][0]["status"] = "mapped"
    data["flag"][0]["cri"] = "not a list"
    with pytest.raises(mapping.TableError, match="cri"):
        mapping._build(data, "x.toml", strict=True)


def test_fast_reader_falls_back_to_toml():
    text = '[command]\nname = \'literal\'\naliases = [\n  "a",\n]\n[[flag]]\nname = "--x" # c\n'
    with pytest.raises(mapping._NotSimple):
        mapping._parse_simple(text)
    assert mapping._parse(text) == {"command": {"name": "literal", "aliases": ["a"]},
                                    "flag": [{"name": "--x"}]}


@pytest.mark.parametrize("cmd", ALL, ids=ids)
def test_command_header(cmd):
    assert cmd.kind in mapping.KINDS
    assert cmd.args in mapping.ARGS
    assert cmd.summary and cmd.note
    if cmd.kind == "crictl":
        assert cmd.usage.startswith("dockercri %s " % cmd.name)
        assert cmd.crictl == "crictl " + cmd.name
    else:
        assert cmd.usage.startswith("docker %s" % cmd.name)
    assert len(set(cmd.rpcs)) == len(cmd.rpcs)
    for alias in cmd.aliases:
        assert alias != cmd.name


@pytest.mark.parametrize("cmd", ALL, ids=ids)
def test_no_duplicate_flags(cmd):
    names = [row.name for row in cmd.flags]
    shorts = [row.short for row in cmd.flags if row.short]
    dests = [row.dest for row in cmd.flags]
    assert len(names) == len(set(names))
    assert len(shorts) == len(set(shorts))
    assert len(dests) == len(set(dests))
    assert names == sorted(names), "rows are kept in flag-name order"


@pytest.mark.parametrize("pair", ROWS, ids=ids)
def test_row(pair):
    cmd, row = pair
    assert row.status in mapping.STATUSES
    assert row.type in mapping.TYPES
    assert row.help.strip() and row.note.strip()
    assert row.dest.isidentifier() and row.dest == row.name[2:].replace("-", "_")
    assert row.takes_value is (row.type != "bool")
    if row.short:
        assert len(row.short) == 2 and row.short[0] == "-" and row.short[1] != "-"
    if row.type == "bool":
        assert isinstance(row.default, bool) and row.metavar == ""
    else:
        assert row.metavar
    if row.default is not None and row.type in ("int", "uint"):
        assert isinstance(row.default, int) and not isinstance(row.default, bool)
    if row.type in ("list", "map"):
        assert row.default is None
    if row.status == "unsupported":
        assert row.reason.strip(), "unsupported rows say why"
        assert row.workaround.strip(), "unsupported rows say what to do instead"
    else:
        assert not row.reason and not row.workaround
    assert bool(row.crictl) == bool(row.crictl_since)
    if row.crictl_since:
        assert row.crictl_since.startswith("v1.")
    if cmd.kind == "crictl":
        assert row.crictl == row.name, "crictl-only verbs keep crictl's own flags"


def test_hidden_rows():
    hidden = {(cmd.name, row.name) for cmd, row in ROWS if row.hidden}
    for name in ("run", "create"):
        for flag in ("--net", "--net-alias", "--dns-opt", "--platform", "--cpu-count", "--cpu-percent",
                     "--io-maxbandwidth", "--io-maxiops"):
            assert (name, flag) in hidden
    assert ("pull", "--platform") in hidden
    assert ("start", "--checkpoint") in hidden


# ---------------------------------------------------------------- docker's flag inventory

def _inventory():
    found = {}
    with open(INVENTORY, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            command, sep, spec = line.partition(" --")
            assert sep, "line %d: %r" % (number, line)
            long_name, _, short = ("--" + spec).partition(",")
            key = (command, long_name)
            assert key not in found, "line %d repeats %s %s" % (number, command, long_name)
            found[key] = short
    return found


def test_inventory_matches_rows():
    inventory = _inventory()
    rows = {(cmd.name, row.name): row.short for cmd, row in ROWS if cmd.kind in ("docker", "dockercri")}
    assert sorted(set(inventory) - set(rows)) == [], "docker flags without a row"
    assert sorted(set(rows) - set(inventory)) == [], "rows for flags docker 19.03 does not have"
    for key, short in inventory.items():
        assert rows[key] == short, "%s %s: shorthand" % key
    documented = {cmd.name for cmd in ALL if cmd.kind != "crictl"}
    assert {command for command, _ in inventory} == documented - _flagless()


def _flagless():
    """The commands the inventory's header names as having no flags of their own."""
    with open(INVENTORY, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# Commands without flags of their own:"):
                return {name.strip() for name in line.split(":", 1)[1].rstrip(".\n").split(",")}
    return set()


def test_flagless_commands_have_no_rows():
    for name in _flagless():
        assert BY_NAME[name].flags == (), name


def test_inventory_has_no_help():
    assert all(flag != "--help" for _, flag in _inventory())


def test_run_and_create_agree():
    run, create = BY_NAME["run"], BY_NAME["create"]
    run_only = {"--detach", "--detach-keys", "--sig-proxy"}
    assert {row.name for row in run.flags} - {row.name for row in create.flags} == run_only
    assert {row.name for row in create.flags} <= {row.name for row in run.flags}
    differ = {"--attach", "--interactive", "--rm", "--tty"}  # what happens later differs
    for row in create.flags:
        other = run.flag(row.name)
        for key in ("short", "type", "default", "metavar", "help", "hidden"):
            assert getattr(row, key) == getattr(other, key), "%s %s" % (row.name, key)
        if row.name not in differ:
            assert row == other, row.name


def test_run_writes_only_its_own_rows():
    """run.toml includes create.toml: it holds only what run adds or says differently."""
    import tomllib
    with open(os.path.join(MAPPING_DIR, "run.toml"), "rb") as fh:
        data = tomllib.load(fh)
    assert data["command"]["include"] == "create"
    assert sorted(row["name"] for row in data["flag"]) == [
        "--attach", "--detach", "--detach-keys", "--interactive", "--rm", "--sig-proxy", "--tty"]
    run = BY_NAME["run"]
    assert [row.name for row in run.flags] == sorted(row.name for row in run.flags)


def test_include_puts_own_rows_over_included_ones(tmp_path):
    head = ('[command]\nname = "%s"\nkind = "docker"\nusage = "docker %s"\nsummary = "s"\n'
            'args = "none"\n%snote = "n"\n')
    row = '\n[[flag]]\nname = "%s"\ntype = "bool"\nhelp = "%s"\nstatus = "mapped"\n'
    (tmp_path / "base.toml").write_text(head % ("base", "base", "") + row % ("--bb", "base b")
                                        + row % ("--cc", "base c"))
    (tmp_path / "top.toml").write_text(head % ("top", "top", 'include = "base"\n')
                                       + row % ("--cc", "top c") + row % ("--aa", "top a"))
    top = mapping._load_file(str(tmp_path / "top.toml"), strict=True)
    assert [(row.name, row.help) for row in top.flags] == [
        ("--aa", "top a"), ("--bb", "base b"), ("--cc", "top c")]


# ---------------------------------------------------------------- transforms

def test_transforms_exist():
    for cmd, row in ROWS:
        if row.transform:
            fn = getattr(transforms, row.transform, None)
            assert callable(fn), "%s %s: no transform %s" % (cmd.name, row.name, row.transform)
            assert row.transform in transforms.__all__
            assert fn.__doc__, row.transform


def test_every_transform_is_used():
    named = {row.transform for _, row in ROWS if row.transform}
    public = {name for name, fn in vars(transforms).items()
              if inspect.isfunction(fn) and not name.startswith("_")
              and fn.__module__.startswith(transforms.__name__)}
    assert public == set(transforms.__all__)
    assert public - named == set(transforms.HELPERS)


# ---------------------------------------------------------------- CRI paths

def _cri_file():
    """The runtime.v1 file descriptor: from dockercri._gen, else compiled from a proto here."""
    try:
        from dockercri._gen.v1 import api_pb2
    except ImportError:
        pass
    else:
        return api_pb2.DESCRIPTOR
    protos = [os.path.join(ROOT, "protos", "v1", "api.proto"), os.path.join(ROOT, "protos", "api.proto"),
              REFERENCE_PROTO]
    proto = next((path for path in protos if os.path.exists(path)), None)
    if proto is None:
        pytest.skip("no CRI v1 proto to check paths against")
    grpc_tools = pytest.importorskip("grpc_tools.protoc")
    from google.protobuf import descriptor_pb2, descriptor_pool
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "api.pb")
        code = grpc_tools.main(["protoc", "-I" + os.path.dirname(proto), "--include_imports",
                                "--descriptor_set_out=" + out, os.path.basename(proto)])
        assert code == 0
        with open(out, "rb") as fh:
            files = descriptor_pb2.FileDescriptorSet.FromString(fh.read())
    pool = descriptor_pool.DescriptorPool()
    for item in files.file:
        pool.Add(item)
    return pool.FindFileByName(os.path.basename(proto))


@pytest.fixture(scope="module")
def cri():
    return _cri_file()


def _resolve(cri, path):
    head, _, rest = path.partition(".")
    if head in cri.services_by_name:
        assert rest in cri.services_by_name[head].methods_by_name, "no RPC %s" % path
        assert "." not in rest
        return
    assert head in cri.message_types_by_name, "no message %s (in %s)" % (head, path)
    message = cri.message_types_by_name[head]
    parts = rest.split(".") if rest else []
    assert parts, "a path names a field: %s" % path
    for index, part in enumerate(parts):
        assert part in message.fields_by_name, "no field %s in %s (in %s)" % (part, message.name, path)
        field = message.fields_by_name[part]
        if index < len(parts) - 1:
            assert field.message_type is not None, "%s is not a message (in %s)" % (part, path)
            message = field.message_type


@pytest.mark.parametrize("pair", [pair for pair in ROWS if pair[1].cri], ids=ids)
def test_cri_paths_resolve(cri, pair):
    _, row = pair
    for path in row.cri:
        _resolve(cri, path)


@pytest.mark.parametrize("cmd", [cmd for cmd in ALL if cmd.rpcs], ids=ids)
def test_command_rpcs_exist(cri, cmd):
    for rpc in cmd.rpcs:
        service, _, method = rpc.partition(".")
        assert service in ("RuntimeService", "ImageService")
        _resolve(cri, rpc)


def test_newer_fields_are_flagged(cri):
    for cmd, row in ROWS:
        for path in row.cri:
            if path.startswith(NEWER_THAN_CONTAINERD_16) and row.status != "unsupported":
                assert "containerd" in row.note, "%s %s uses %s" % (cmd.name, row.name, path)


def test_signal_names_are_cri_signals(cri):
    values = cri.enum_types_by_name["Signal"].values_by_name
    for number in range(1, 32):
        assert "SIGNAL_" + transforms.signal_name(str(number)) in values
    for name in transforms.security._SIGNALS:
        assert "SIGNAL_" + transforms.signal_name(name) in values


def test_transform_results_use_cri_names(cri):
    fields = cri.message_types_by_name
    assert set(transforms.port_specs("127.0.0.1:8080:80/udp")[0]) <= set(fields["PortMapping"].fields_by_name)
    mount = transforms.volume_spec("/a:/b:ro,Z,rshared")
    assert set(mount) <= set(fields["Mount"].fields_by_name)
    assert mount["propagation"] in cri.enum_types_by_name["MountPropagation"].values_by_name
    assert set(transforms.device_spec("/dev/fuse")) <= set(fields["Device"].fields_by_name)
    assert set(transforms.cpus("1.5")) <= set(fields["LinuxContainerResources"].fields_by_name)
    user = transforms.user_spec("1000:1000")
    assert set(user) <= set(fields["LinuxContainerSecurityContext"].fields_by_name)
    assert set(transforms.env_var("A=1")) <= set(fields["KeyValue"].fields_by_name)
    seccomp = transforms.security_opt("seccomp=/p.json")["seccomp"]
    assert set(seccomp) <= set(fields["SecurityProfile"].fields_by_name)
    profile_types = fields["SecurityProfile"].fields_by_name["profile_type"].enum_type.values_by_name
    assert seccomp["profile_type"] in profile_types
    assert set(transforms.security_opt("label=level:s0")["selinux_options"]) <= \
        set(fields["SELinuxOption"].fields_by_name)
    modes = cri.enum_types_by_name["NamespaceMode"].values_by_name
    assert transforms.network_mode("host")["network"] in modes
    assert transforms.pid_mode("container:x")["pid"] in modes
    assert transforms.ipc_mode("host")["ipc"] in modes


# ---------------------------------------------------------------- the Kubernetes table

@pytest.mark.parametrize("name", sorted(K8S_DOCKER))
def test_k8s_docker_commands(name):
    cmd = mapping.command(name)
    assert cmd.kind == "docker"
    assert cmd.k8s_table is not None and cmd.k8s_table["crictl"] == K8S_DOCKER[name]
    assert cmd.k8s_table["description"]
    for flag in K8S_UNSUPPORTED.get(name, ()):
        assert flag in cmd.k8s_table["unsupported"]
        # crictl cannot; dockercri may still emulate it on the node (kill --signal)
        assert cmd.flag(flag).status in ("unsupported", "emulated")
    assert cmd.crictl.startswith("crictl ")


@pytest.mark.parametrize("name", CRICTL_ONLY)
def test_crictl_only_verbs(name):
    cmd = mapping.command(name)
    assert cmd.kind == "crictl"
    assert cmd.k8s_table == {"crictl": name, "description": cmd.summary, "unsupported": ""}


def test_every_command_is_covered():
    assert set(mapping.command_names()) == (set(K8S_DOCKER) | set(CRICTL_ONLY) | set(OTHER_DOCKER)
                                            | set(DOCKER_1903))
    for name in OTHER_DOCKER + DOCKER_1903:
        assert mapping.command(name).k8s_table is None


def test_stats_columns_note():
    assert BY_NAME["stats"].k8s_table["unsupported"] == "Column: NET/BLOCK I/O, PIDs"


# ---------------------------------------------------------------- the loader API

def test_command_and_aliases():
    ps = mapping.command("ps")
    assert mapping.command("container ls") is ps
    assert mapping.command("container list") is ps
    assert mapping.command("image rm").name == "rmi"
    assert mapping.command("container prune").name == "container prune"
    assert mapping.command("container top").name == "top"
    assert mapping.command("system events").name == "events"
    assert mapping.command("trust key generate").name == "trust key generate"
    with pytest.raises(KeyError):
        mapping.command("frobnicate")
    with pytest.raises(KeyError):
        mapping.command("container")
    for odd in ("container_prune", "../ps", "PS", ""):
        with pytest.raises(KeyError):
            mapping.command(odd)


def test_resolve():
    cmd, used = mapping.resolve(["container", "ls", "-a"])
    assert (cmd.name, used) == ("ps", 2)
    cmd, used = mapping.resolve(["ps", "-a"])
    assert (cmd.name, used) == ("ps", 1)
    cmd, used = mapping.resolve(["image", "prune", "-a"])
    assert (cmd.name, used) == ("image prune", 2)
    cmd, used = mapping.resolve(["images", "busybox"])
    assert (cmd.name, used) == ("images", 1)
    assert mapping.resolve(["container"]) is None
    assert mapping.resolve(["frobnicate"]) is None
    assert mapping.resolve([]) is None


def test_flag_lookup():
    ps = mapping.command("ps")
    assert ps.flag("-a") is ps.flag("--all") is ps.flag("all")
    assert ps.flag("--no-trunc").dest == "no_trunc"
    assert ps.flag("-n").default == -1 and ps.flag("-n").takes_value
    assert not ps.flag("-q").takes_value
    with pytest.raises(KeyError):
        ps.flag("--nope")


def test_dataclasses_are_frozen():
    row = mapping.command("ps").flag("-a")
    with pytest.raises(Exception):
        row.status = "unsupported"
    assert isinstance(row.cri, tuple) and isinstance(mapping.command("ps").flags, tuple)


def test_loading_is_lazy():
    script = textwrap.dedent("""
        import sys
        from dockercri import mapping
        parsed = []
        real = mapping._parse
        mapping._parse = lambda text: parsed.append(text) or real(text)
        mapping.command("ps")
        assert len(parsed) == 1, len(parsed)
        assert mapping._index is None
        mapping.command("ps")
        assert len(parsed) == 1
        mapping.command("container ls")
        assert mapping._index is not None
        assert len(parsed) == 1, len(parsed)
    """)
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)


# ---------------------------------------------------------------- the support matrix

def _generator():
    spec = importlib.util.spec_from_file_location("gen_matrix", os.path.join(ROOT, "tools", "gen_matrix.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_support_matrix_is_current():
    gen = _generator()
    with open(os.path.join(ROOT, "docs", "support-matrix.md"), encoding="utf-8") as fh:
        current = fh.read()
    assert current == gen.render(), "run python tools/gen_matrix.py --write"


def test_support_matrix_lists_every_row():
    text = _generator().render()
    for cmd, row in ROWS:
        assert "`%s`" % row.name in text
    assert text.count("\n### ") == len(ALL)


def test_readme_support_matrix_is_current():
    gen = _generator()
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        current = handle.read()
    assert "<!-- support-matrix:start -->" in current
    assert gen.readme_text(current) == current, "run python tools/gen_matrix.py --write"
