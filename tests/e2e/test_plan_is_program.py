"""The plan is the program: what explain prints is exactly what runs.

Each command line runs against the real testbed containerd through a recording proxy (a
gRPC server that forwards every call and writes down its method). The calls the proxy saw
must be the calls of the plan explain prints for the same line, in the plan's order, with
conditional steps resolved (a step whose condition did not hold is absent, a fanned-out
step appears once per item, a wait once per poll). No mocks: the runtime is real and the
proxy sees the wire.

Names in the lines: WEB is a running dockercri container, EXITED an exited one, POD a
kubelet-style pod, IMG the testbed's busybox image; each line may make what it needs first
(`setup`) and remove what it made afterwards (`cleanup`).
"""

import shlex
import uuid

import pytest

from tests.conftest import run_cli
from tests.e2e.recording_proxy import RecordingProxy


@pytest.fixture(scope="module")
def proxy(testbed):
    recorder = RecordingProxy(testbed.endpoint).start()
    yield recorder
    recorder.stop()


@pytest.fixture(scope="module")
def world(testbed, runtime_env):
    """The objects the lines name, made once for the module and removed at its end."""
    tag = uuid.uuid4().hex[:6]
    image = testbed.images["busybox"]
    made = {"WEB": "plan-web-" + tag, "EXITED": "plan-exited-" + tag, "IMG": image}

    def cli(*argv):
        result = run_cli(list(argv), environ=runtime_env)
        assert result.code == 0, result
        return result

    cli("pull", image)
    cli("run", "-d", "--name", made["WEB"], image, "sleep", "1000")
    cli("run", "--name", made["EXITED"], image, "true")
    yield made
    for name in (made["WEB"], made["EXITED"]):
        run_cli(["rm", "-f", name], environ=runtime_env)


class Capture:
    """The executor of the command that ran (its trace and the plans it executed)."""

    def __init__(self, monkeypatch):
        from dockercri import env as env_module
        self.executors = []
        original = env_module.Session.close
        captured = self.executors

        def close(session):
            if session._executor is not None:
                captured.append(session._executor)
            return original(session)
        monkeypatch.setattr(env_module.Session, "close", close)


def _substitute(line, world, extra):
    words = shlex.split(line)
    table = dict(world, **extra)
    return [table.get(word, word) for word in words]


def planned(argv, runtime_env):
    """(key, rpc) of every step explain prints for argv."""
    from dockercri.commands.registry import plan_argv
    _, _, plan = plan_argv(argv, "docker")
    return plan


def check_calls_are_the_plan(plan, trace, wire):
    # 1. Every call on the wire went through the executor, in the same order.
    assert [rpc for _, rpc in trace] == wire
    # 2. Nothing was called outside a step of the plan.
    assert all(key != "(direct)" for key, _ in trace), trace
    index_of = {step.key: index for index, step in enumerate(plan.steps)}
    rpc_of = {step.key: step.rpc for step in plan.steps}
    for key, rpc in trace:
        assert key in index_of, "%s is not a step of the plan explain prints" % key
        assert rpc_of[key] == rpc or rpc in _undo_rpcs(plan, key), (key, rpc)
    # 3. In the plan's order (a step may repeat: fan-out, polling; undo runs last).
    positions = [index_of[key] for key, rpc in trace if rpc_of[key] == rpc]
    assert positions == sorted(positions), trace


def _undo_rpcs(plan, key):
    return [undo.rpc for step in plan.steps for undo in step.undo if undo.key == key]


# line, the names it makes that are to be removed afterwards ("" for none)
LINES = [
    ("network ls", ""),
    ("network ls -q --filter type=custom", ""),
    ("network inspect host none", ""),
    ("port WEB", ""),
    ("port WEB 80", ""),
    ("top WEB", ""),
    ("container top WEB -o pid,comm", ""),
    ("history IMG", ""),
    ("image history -q IMG", ""),
    ("system df", ""),
    ("events --since 10m --until 0s", ""),
    ("system events --until 0s --filter event=die", ""),
    ("system prune -f --filter label=io.dockercri.test.none=1", ""),
]


@pytest.mark.parametrize("line", [line for line, _ in LINES] or ["(none yet)"])
def test_calls_made_are_the_calls_planned(line, proxy, world, runtime_env, monkeypatch):
    if line == "(none yet)":
        pytest.skip("no command planned step by step yet")
    cleanup = dict(LINES)[line]
    extra = {"NEW": "plan-new-" + uuid.uuid4().hex[:6]}
    argv = _substitute(line, world, extra)
    env = dict(runtime_env, CONTAINER_RUNTIME_ENDPOINT=proxy.endpoint,
               IMAGE_SERVICE_ENDPOINT=proxy.endpoint)
    capture = Capture(monkeypatch)
    proxy.take()
    try:
        result = run_cli(argv, environ=env)
        wire = proxy.take()
        assert capture.executors, "the command made no runtime call: %r" % (result,)
        executor = capture.executors[-1]
        assert executor.plans, "the command did not run a plan"
        explained = planned(argv, runtime_env)
        ran = executor.plans[0]
        assert [(s.key, s.rpc) for s in ran.steps] == [(s.key, s.rpc) for s in explained.steps]
        check_calls_are_the_plan(ran, executor.trace, wire)
    finally:
        for word in cleanup.split():
            run_cli(["rm", "-f", extra.get(word, world.get(word, word))], environ=runtime_env)
