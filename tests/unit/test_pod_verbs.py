"""crictl's pod verbs over a fake runtime under the real executor: which pods each form
acts on, what it prints, its exit status. (On the shared testbed `rmp -a` would remove
pods of others, so its choices are checked here; tests/e2e covers the named forms.)"""

import io
from types import SimpleNamespace as NS

from dockercri.cli.dispatch import plan_argv
from dockercri.commands.registry import COMMANDS, load
from dockercri.errors import DockerCLIError

READY, NOTREADY = 0, 1


def pod(ident, name, state):
    return NS(id=ident * 64, state=state, metadata=NS(name=name, namespace="default", uid="u",
                                                      attempt=0), labels={}, annotations={})


class FakeRuntime:
    def __init__(self, pods):
        self.pods = list(pods)
        self.calls = []

    def call(self, rpc, request=None):
        self.calls.append((rpc, (request or {}).get("pod_sandbox_id")))
        if rpc == "RuntimeService.ListPodSandbox":
            return NS(items=list(self.pods))
        if rpc == "RuntimeService.StopPodSandbox":
            for item in self.pods:
                if item.id == request["pod_sandbox_id"]:
                    item.state = NOTREADY
            return NS()
        if rpc == "RuntimeService.RemovePodSandbox":
            self.pods = [p for p in self.pods if p.id != request["pod_sandbox_id"]]
            return NS()
        raise AssertionError(rpc)

    def call_many(self, rpc, requests):
        return [self.call(rpc, request) for request in requests]


def _run(runtime, *argv):
    from dockercri.env import Environment
    from dockercri.runtime.executor import Executor

    command, intent, plan = plan_argv(list(argv))
    session = NS(env=Environment(stdout=io.StringIO(), stderr=io.StringIO(), environ={}),
                 executor=Executor(runtime))
    session.out = lambda text="": session.env.stdout.write(text + "\n")
    session.err = lambda text="": session.env.stderr.write(text + "\n")
    try:
        code = load(COMMANDS[command.name][1])(intent, plan, session)
    except DockerCLIError as error:
        if error.message:
            session.err(error.message)
        code = error.exit_code
    return code, session.env.stdout.getvalue(), session.env.stderr.getvalue()


def test_rmp_all_removes_the_pods_that_are_not_ready_and_reports_the_ready_ones():
    rt = FakeRuntime([pod("a", "up", READY), pod("b", "down", NOTREADY)])
    code, out, err = _run(rt, "rmp", "-a")
    assert code == 1
    assert out == "Removed sandbox %s\n" % ("b" * 64)
    assert err == ("Error: pod sandbox %s is running, please stop it first or use -f\n"
                   % ("a" * 64))
    assert [p.metadata.name for p in rt.pods] == ["up"]
    assert ("RuntimeService.StopPodSandbox", "a" * 64) not in rt.calls


def test_rmp_all_force_stops_and_removes_every_pod():
    rt = FakeRuntime([pod("a", "up", READY), pod("b", "down", NOTREADY)])
    code, out, err = _run(rt, "rmp", "-a", "-f")
    assert (code, err) == (0, "")
    assert out == "Removed sandbox %s\nRemoved sandbox %s\n" % ("a" * 64, "b" * 64)
    assert rt.pods == []
    assert [rpc for rpc, _ in rt.calls] == [
        "RuntimeService.ListPodSandbox", "RuntimeService.StopPodSandbox",
        "RuntimeService.StopPodSandbox", "RuntimeService.RemovePodSandbox",
        "RuntimeService.RemovePodSandbox"]


def test_rmp_of_names_goes_on_after_a_failure():
    rt = FakeRuntime([pod("a", "up", READY), pod("b", "down", NOTREADY)])
    code, out, err = _run(rt, "rmp", "up", "nosuch", "down")
    assert code == 1
    assert out == "Removed sandbox %s\n" % ("b" * 64)
    assert err.splitlines()[0] == ("Error: pod sandbox %s is running, please stop it first "
                                   "or use -f" % ("a" * 64))
    assert "nosuch" in err.splitlines()[1]
    assert [p.metadata.name for p in rt.pods] == ["up"]


def test_stopp_then_rmp_and_the_argument_checks():
    rt = FakeRuntime([pod("a", "up", READY)])
    assert _run(rt, "stopp", "up") == (0, "Stopped sandbox %s\n" % ("a" * 64), "")
    assert _run(rt, "rmp", "aaaa") == (0, "Removed sandbox %s\n" % ("a" * 64), "")
    assert _run(rt, "rmp")[0::2] == (1, "No pod sandbox ID specified\n")
    assert _run(rt, "rmp", "-a", "x")[0::2] == (1, "pod ids and --all cannot be given together\n")
