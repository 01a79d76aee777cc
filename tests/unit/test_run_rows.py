"""run and create's one-to-one rows are applied from the table alone (plan/run_config.apply_rows)."""

import shlex

import pytest

from dockercri import mapping
from dockercri.cli.dispatch import plan_argv
from dockercri.plan import run_config

# A value for each one-to-one row: a new such row needs one here, and is then checked below.
SAMPLES = {
    "--cgroup-parent": "/kubepods", "--cpu-period": "50000", "--cpu-quota": "20000",
    "--cpu-shares": "512", "--cpuset-cpus": "0-1", "--cpuset-mems": "0",
    "--device": "/dev/fuse", "--group-add": "10", "--memory": "64m", "--memory-swap": "128m",
    "--oom-score-adj": "-5", "--privileged": None, "--read-only": None,
    "--sysctl": "net.ipv4.ip_forward=1", "--tty": None, "--workdir": "/srv",
}
CONFIG_PLACES = ("PodSandboxConfig", "LinuxPodSandboxConfig", "LinuxSandboxSecurityContext",
                 "ContainerConfig", "LinuxContainerSecurityContext", "LinuxContainerResources")


def _rows(command):
    places = dict.fromkeys(CONFIG_PLACES)
    return [row for row in mapping.command(command).flags if run_config.one_to_one(row, places)]


def _at(configs, path):
    """The value at a `cri` path such as "LinuxContainerResources.cpu_period"."""
    pod, container = configs
    roots = {"PodSandboxConfig": pod, "LinuxPodSandboxConfig": pod["linux"],
             "LinuxSandboxSecurityContext": pod["linux"]["security_context"],
             "ContainerConfig": container,
             "LinuxContainerSecurityContext": container["linux"]["security_context"],
             "LinuxContainerResources": container["linux"].get("resources", {})}
    words = path.split(".")
    value = roots[words[0]]
    for word in words[1:]:
        value = value[word]
    return value


@pytest.mark.parametrize("command", ["run", "create"])
def test_every_one_to_one_row_has_a_sample(command):
    assert sorted(row.name for row in _rows(command)) == sorted(SAMPLES)


@pytest.mark.parametrize("command", ["run", "create"])
@pytest.mark.parametrize("flag", sorted(SAMPLES))
def test_a_one_to_one_row_sets_its_fields(command, flag, monkeypatch):
    monkeypatch.setenv("DOCKERCRI_NAME_SEED", "rows")
    row = mapping.command(command).flag(flag)
    typed = [flag] + ([] if SAMPLES[flag] is None else [SAMPLES[flag]])
    _, intent, plan = plan_argv([command] + typed + ["busybox"])
    configs = plan.files["pod-config.json"], plan.files["container-config.json"]
    expected = run_config.row_value(row, intent)
    assert expected is not None
    placed = [path for path in row.cri if path.split(".")[0] in CONFIG_PLACES]
    assert placed
    for path in placed:
        assert _at(configs, path) == expected, path
    _, _, bare = plan_argv([command, "busybox"])
    for path in placed:
        with pytest.raises(KeyError):
            _at((bare.files["pod-config.json"], bare.files["container-config.json"]), path)


def test_rows_done_by_hand_are_mapped_rows_of_the_configs():
    """BY_HAND names only rows that would otherwise be applied one-to-one."""
    rows = {row.name: row for row in mapping.command("run").flags}
    places = dict.fromkeys(CONFIG_PLACES)
    for name in run_config.BY_HAND:
        assert rows[name].status == "mapped", name
        assert any(path.split(".")[0] in places for path in rows[name].cri), name


@pytest.mark.parametrize("line, path, value", [
    ("-m 1g", "LinuxContainerResources.memory_limit_in_bytes", 1 << 30),
    ("--cpu-shares 0", "LinuxContainerResources.cpu_shares", 0),
    ("--sysctl net.ipv4.ip_forward=1 --sysctl kernel.msgmax=9", "LinuxPodSandboxConfig.sysctls",
     {"net.ipv4.ip_forward": "1", "kernel.msgmax": "9"}),
    ("--privileged", "LinuxSandboxSecurityContext.privileged", True),
    ("--group-add 10 --group-add 20", "LinuxContainerSecurityContext.supplemental_groups",
     [10, 20]),
])
def test_values_pass_through_the_rows_transforms(line, path, value, monkeypatch):
    monkeypatch.setenv("DOCKERCRI_NAME_SEED", "rows")
    _, _, plan = plan_argv(["run"] + shlex.split(line) + ["busybox"])
    assert _at((plan.files["pod-config.json"], plan.files["container-config.json"]), path) == value


def test_cpu_period_given_wins_over_the_one_cpus_derives(monkeypatch):
    monkeypatch.setenv("DOCKERCRI_NAME_SEED", "rows")
    _, _, plan = plan_argv(shlex.split("update --cpus 0.5 --cpu-period 20000 web"))
    update = next(s for s in plan.steps if s.rpc == "RuntimeService.UpdateContainerResources")
    linux = update.request["linux"]
    assert linux == {"cpu_period": 20000, "cpu_quota": 50000}
