"""The cgroup readers behind stats' node figures, on cgroup trees written to a temporary
folder (v1 controllers and the v2 unified hierarchy), and the CPU % a sandbox row gets
from two readings."""

from dockercri import names
from dockercri.commands.stats import contexts
from dockercri.node import cgroups


def _write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return str(folder)


def test_v1_cpu_time_and_working_set(tmp_path):
    paths = {
        "cpuacct": _write(tmp_path / "cpuacct", {"cpuacct.usage": "123456789\n"}),
        "memory": _write(tmp_path / "memory", {
            "memory.usage_in_bytes": "10485760\n",
            "memory.stat": "cache 4096\ntotal_inactive_file 2097152\ninactive_file 1\n"}),
    }
    assert cgroups.cpu_time(paths) == 123456789
    assert cgroups.memory_working_set(paths) == 10485760 - 2097152


def test_v2_cpu_time_and_working_set(tmp_path):
    unified = _write(tmp_path / "pod", {
        "cpu.stat": "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\n",
        "memory.current": "8192\n", "memory.stat": "anon 4096\ninactive_file 4096\n"})
    paths = {"": unified}
    assert cgroups.cpu_time(paths) == 2500 * 1000
    assert cgroups.memory_working_set(paths) == 4096


def test_missing_files_read_as_unknown(tmp_path):
    paths = {"cpuacct": str(tmp_path / "gone"), "memory": str(tmp_path / "gone")}
    assert cgroups.cpu_time(paths) is None
    assert cgroups.memory_working_set(paths) is None
    assert cgroups.usage(0) == {}


class _Pod:
    def __init__(self, state):
        self.id = "a" * 64
        self.metadata = type("Meta", (), {"name": "web", "namespace": "default",
                                          "uid": "u", "attempt": 0})()
        self.labels = {}
        self.state = state
        self.created_at = 1


def test_a_sandbox_row_takes_cpu_over_the_wall_time_between_its_readings():
    sandbox = names.Sandbox(_Pod(state=0))
    before = {sandbox.id: {"cpu_time": 1_000_000_000, "read_at": 10.0, "memory": 1}}
    now = {sandbox.id: {"cpu_time": 1_250_000_000, "read_at": 10.5, "memory": 229376,
                        "memory_limit": None, "pids": 1, "net_io": (10, 20),
                        "block_io": (0, 0)}}
    [row] = contexts([("web", sandbox, "k8s_POD_web_default_u_0")], {}, {}, 1.0, False,
                     1 << 30, now, before)
    assert row.CPUPerc() == "50.00%"
    assert row.MemUsage() == "224KiB / 1GiB"
    assert (row.PIDs(), row.NetIO()) == ("1", "10B / 20B")


def test_a_sandbox_without_a_reading_is_a_row_of_zeros():
    sandbox = names.Sandbox(_Pod(state=1))
    [row] = contexts([("web", sandbox, "k8s_POD_web_default_u_0")], {}, {}, 1.0, False,
                     1 << 30, {}, {})
    assert (row.CPUPerc(), row.MemUsage(), row.PIDs()) == ("0.00%", "0B / 0B", "0")
