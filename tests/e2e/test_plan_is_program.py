"""The plan is the program: what explain prints is exactly what runs.

Each command line runs against the real testbed containerd through a recording proxy (a
gRPC server that forwards every call and writes down its method). The calls the proxy saw
must be the calls of the plan explain prints for the same line, in the plan's order, with
conditional steps resolved (a step whose condition did not hold is absent, a fanned-out
step appears once per item, a wait once per poll). No mocks: the runtime is real and the
proxy sees the wire.

Names in the lines: WEB is a running dockercri container, EXITED an exited one, POD a
kubelet-style pod, IMG the testbed's busybox image; each line may make what it needs first
(`setup`) and remove what it made afterwards (`cleanup`). OWNIMG is an image of this module's
own (pushed to the testbed registry, pulled before each line naming it, removed at the end);
PODFILE a pod config file of a pod named PODNAME (removed after each line), NEWPOD a ready
pod made with it before the line.
"""

import json
import shlex
import uuid

import pytest

from tests.conftest import run_cli
from tests.e2e.conftest import Kube
from tests.e2e.recording_proxy import RecordingProxy


@pytest.fixture(scope="module")
def proxy(testbed):
    recorder = RecordingProxy(testbed.endpoint).start()
    yield recorder
    recorder.stop()


def _own_image(testbed, directory, tag):
    """An image no other test uses, in the testbed registry: rmi may remove it."""
    from tests.e2e.auth_registry import build_image, skopeo_copy

    archive, _ = build_image(testbed, directory, "plan-own-image-" + tag)
    ref = "%s/library/plan-own-image-%s:1" % (testbed.registry, tag)
    skopeo_copy("docker-archive:" + archive, "docker://" + ref, directory)
    return ref


@pytest.fixture(scope="module")
def world(testbed, runtime_env, cri, tmp_path_factory):
    """The objects the lines name, made once for the module and removed at its end."""
    tag = uuid.uuid4().hex[:6]
    image = testbed.images["busybox"]
    directory = tmp_path_factory.mktemp("plan")
    made = {"WEB": "plan-web-" + tag, "EXITED": "plan-exited-" + tag, "IMG": image,
            "OWNIMG": _own_image(testbed, str(directory), tag), "PODNAME": "plan-runp-" + tag,
            "PODFILE": str(directory / "pod.json")}
    with open(made["PODFILE"], "w") as handle:
        json.dump({"metadata": {"name": made["PODNAME"], "namespace": "default",
                                "uid": uuid.uuid4().hex, "attempt": 0},
                   "linux": {"security_context": {"namespace_options": {"network": 2}}}},
                  handle)
    kube = Kube(cri, testbed, str(tmp_path_factory.mktemp("kube")))
    pod = kube.pod(name="plan-pod-" + tag, namespace="plan")
    kube.container(pod, "app", ["sleep", "1000"])
    made["POD"] = pod[0]

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
    run_cli(["rmi", "-f", made["OWNIMG"]], environ=runtime_env)
    for pod_id in kube.pods:
        cri.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod_id})
        cri.call("RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod_id})


def _set_up(words, world, extra, runtime_env):
    """Make what the line names before it runs: the OWNIMG image pulled, a NEWPOD."""
    if "OWNIMG" in words:
        assert run_cli(["pull", "-q", world["OWNIMG"]], environ=runtime_env).code == 0
    if "NEWPOD" in words:
        made = run_cli(["runp", world["PODFILE"]], environ=runtime_env)
        assert made.code == 0, made
        extra["NEWPOD"] = made.out.strip()


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
    """The placeholders (whole words, or parts of a word such as PORT:80) replaced."""
    import re
    table = dict(world, **extra)
    pattern = re.compile(r"\b(%s)\b" % "|".join(sorted(table, key=len, reverse=True)))
    return [pattern.sub(lambda found: table[found.group(1)], word)
            for word in shlex.split(line)]


def planned(argv, runtime_env):
    """(key, rpc) of every step explain prints for argv."""
    from dockercri.cli.dispatch import plan_argv
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
    # 3. In the plan's order (a step may repeat: fan-out, polling; undo runs last; an
    #    on-demand step is called by the node step that needs it, whenever it does;
    #    names acted on at once keep their order within each name).
    on_demand = {step.key for step in plan.steps if step.on_demand}
    group_of = {step.key: step.group for step in plan.steps}
    in_order = [(group_of[key] if plan.parallel > 1 else None, index_of[key])
                for key, rpc in trace if rpc_of[key] == rpc and key not in on_demand]
    for group in {group for group, _ in in_order}:
        positions = [position for g, position in in_order if g == group]
        assert positions == sorted(positions), trace


def _undo_rpcs(plan, key):
    return [undo.rpc for step in plan.steps for undo in step.undo if undo.key == key]


# -- every golden explain case, run for real ---------------------------------------------
# Each golden line (tests/golden/explain/cases.txt) with the testbed's names put in: WEB a
# running container, EXITED an exited one, VICTIM a running container made for the line
# (killed or removed by it), POD a kubelet-style pod, IMG the busybox image, PORT a free
# port, DIR an existing folder, FILE a pod config file. How it runs: "inproc" (captured
# in-process), "tty" (on a pseudo-terminal, ending the shell with `exit`), "forward"
# (port-forward: one connection, then Ctrl-C), "refused" (exit 125 before any call),
# "local" (docker's client does it alone: no runtime call).
GOLDEN = [
    ("ps -a", "ps -a", "inproc"),
    ("ps -q --no-trunc -n 3", "ps -q --no-trunc -n 3", "inproc"),
    ("images --digests busybox", "images --digests busybox", "inproc"),
    ("inspect web", "inspect WEB", "inproc"),
    ("inspect --type image busybox:1.35", "inspect --type image IMG", "inproc"),
    ("logs --tail 10 -f -t web", "logs --tail 10 -f -t EXITED", "inproc"),
    ("stats --no-stream -a", "stats --no-stream -a", "inproc"),
    ("version", "version", "inproc"),
    ("info", "info", "inproc"),
    ("run -d --name web -p 8080:80 -e MODE=demo -v /srv/data:/data:ro -m 256m --cpus 1.5 "
     "busybox httpd -f", "run -d --name NEW -p PORT:80 -e MODE=demo -v DIR:/data:ro -m 256m "
     "--cpus 1.5 IMG httpd -f", "inproc"),
    ("run --rm -it --network host --privileged busybox sh",
     "run --rm -it --network host --privileged IMG sh", "tty"),
    ("run --name dbg --network container:web --pid container:web busybox sh",
     "run --name NEW --network container:WEB --pid container:WEB IMG sh", "inproc"),
    ("run --restart always --name xx busybox", "run --restart always --name NEW IMG",
     "refused"),
    ("create --name job -u 1000:1000 --cap-add NET_ADMIN --cap-drop ALL --read-only --sysctl "
     "net.ipv4.ip_forward=1 busybox true", "create --name NEW -u 1000:1000 --cap-add NET_ADMIN "
     "--cap-drop ALL --read-only --sysctl net.ipv4.ip_forward=1 IMG true", "inproc"),
    ("start web", "start EXITED", "inproc"),
    ("stop -t 3 web other", "stop -t 3 VICTIM EXITED", "inproc"),
    ("kill -s HUP web", "kill -s HUP VICTIM", "inproc"),
    ("rm -f web", "rm -f VICTIM", "inproc"),
    ("restart web", "restart -t 1 WEB", "inproc"),
    ("wait web", "wait EXITED", "inproc"),
    ("update -m 512m --cpus 2 web", "update -m 512m --cpus 2 WEB", "inproc"),
    ("pull busybox:1.35", "pull IMG", "inproc"),
    ("rmi busybox:1.35", "rmi IMG", "inproc"),  # in use by WEB: refused by the daemon
    ("exec -it web sh", "exec -it WEB sh", "tty"),
    ("attach web", "attach VICTIM", "inproc"),
    ("pods", "pods", "inproc"),
    ("inspectp mypod", "inspectp POD", "inproc"),
    ("imagefsinfo", "imagefsinfo", "inproc"),
    ("port-forward mypod 8080:80", "port-forward POD PORT:80", "forward"),
    ("runp pod-config.json", "runp FILE", "inproc"),
    ("stopp mypod", "stopp POD", "inproc"),
    ("rmp -f mypod", "rmp -f POD", "inproc"),
    ("container prune -f", "container prune -f", "inproc"),
    # -a would remove every image no container uses, which the other tests pull again:
    # the same plan without -a removes only dangling ones.
    ("image prune -a -f", "image prune -f", "inproc"),
    ("login -u alice registry.example.com", "login -u alice registry.example.com", "local"),
    ("logout registry.example.com", "logout registry.example.com", "local"),
    ("service create --replicas 3 nginx", "service create --replicas 3 IMG", "refused"),
    ("volume ls", "volume ls", "local"),
    ("network ls -q", "network ls -q", "inproc"),
    # a missing source: the lookup runs, no name is added to the shared image store
    ("tag busybox:1.35 mine:1", "tag plan-nosuch-image:1 mine:1", "inproc"),
    ("top web", "top WEB", "inproc"),
    ("cp web:/etc/hosts ./hosts", "cp WEB:/etc/hosts DIR/hosts", "inproc"),
    ("events --since 10m --filter event=die", "events --since 10m --until 0s --filter event=die",
     "inproc"),
    ("export -o root.tar web", "export -o DIR/root.tar WEB", "inproc"),
    ("import -c 'CMD [\"sh\"]' rootfs.tar mine:1",
     "import -c 'CMD [\"sh\"]' DIR/no-such-rootfs.tar mine:1", "inproc"),
]


def test_every_golden_case_is_listed():
    from tests.unit.test_explain_golden import cases
    assert sorted(golden for golden, _, _ in GOLDEN) == sorted(cases())


def _free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@pytest.fixture
def names_for_line(world, kube, tmp_path, runtime_env):
    """The placeholders of one golden line, made fresh where the line changes them."""
    import json
    tag = uuid.uuid4().hex[:6]
    victim = "plan-victim-" + tag
    made = dict(world, NEW="plan-new-" + tag, VICTIM=victim, PORT=_free_port(),
                DIR=str(tmp_path))
    pod_id, config = kube.pod(host_network=False)
    made["POD"] = config["metadata"]["name"]
    kube.container((pod_id, config), "app", ["sh", "-c", "httpd -f -p 80"])
    runp_config = dict(config, metadata=dict(config["metadata"], name="plan-runp-" + tag,
                                             uid=str(uuid.uuid4())))
    made["FILE"] = str(tmp_path / "pod-config.json")
    with open(made["FILE"], "w") as handle:
        json.dump(runp_config, handle)
    made["RUNP"] = runp_config["metadata"]["name"]
    result = run_cli(["run", "-d", "--name", victim, world["IMG"], "sleep", "3"],
                     environ=runtime_env)
    assert result.code == 0, result
    yield made
    for name in (made["NEW"], victim):
        run_cli(["rm", "-f", name], environ=runtime_env)
    run_cli(["rmp", "-f", made["RUNP"]], environ=runtime_env)
    run_cli(["start", world["EXITED"]], environ=runtime_env)  # WEB and EXITED as they were
    run_cli(["wait", world["EXITED"]], environ=runtime_env)
    run_cli(["start", world["WEB"]], environ=runtime_env)


def _trace_lines(path):
    try:
        with open(path) as handle:
            return [tuple(line.rstrip("\n").split("\t")) for line in handle if line.strip()]
    except FileNotFoundError:
        return []


def _run_elsewhere(mode, argv, env, made):
    """Run dockercri as its own process (a terminal, or a server to stop)."""
    import socket
    import subprocess
    import sys
    import time
    if mode == "tty":
        import pexpect
        child = pexpect.spawn(sys.executable, ["-m", "dockercri"] + argv, env=env,
                              timeout=30, dimensions=(24, 80))
        child.expect(r"[#$] ")
        child.sendline("exit")
        child.expect(pexpect.EOF)
        child.close()
        return child.exitstatus
    server = subprocess.Popen([sys.executable, "-m", "dockercri"] + argv, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = server.stdout.readline().decode()
        assert line.startswith("Forwarding from"), line
        deadline = time.time() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", int(made["PORT"])), timeout=5) as c:
                    c.sendall(b"GET / HTTP/1.0\r\n\r\n")
                    c.recv(100)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        import signal
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=20)
    return server.returncode


@pytest.mark.parametrize("golden,line,mode", GOLDEN, ids=[g for g, _, _ in GOLDEN])
def test_golden_case_runs_as_explained(golden, line, mode, proxy, names_for_line,
                                       runtime_env, monkeypatch, tmp_path):
    argv = _substitute(line, names_for_line, {})
    env = dict(runtime_env, CONTAINER_RUNTIME_ENDPOINT=proxy.endpoint,
               IMAGE_SERVICE_ENDPOINT=proxy.endpoint, DOCKERCRI_TRACE=str(tmp_path / "trace"),
               HOME=str(tmp_path))
    explained = planned(argv, runtime_env)
    proxy.take()
    if mode in ("tty", "forward"):
        _run_elsewhere(mode, argv, env, names_for_line)
    else:
        result = run_cli(argv, environ=env)
        if mode == "refused":  # a flag CRI cannot honour (125), or the whole command (1)
            whole = planned(argv, runtime_env).refusals and result.code == 1 and \
                result.err.startswith("Error response from daemon: ")
            assert (result.code == 125 or whole) and explained.refusals, result
    wire = proxy.take()
    trace = _trace_lines(env["DOCKERCRI_TRACE"])
    if mode in ("refused", "local"):
        assert wire == [] and trace == [], (wire, trace)
        return
    assert wire, "no call reached the runtime"
    check_calls_are_the_plan(explained, trace, wire)


# line, the names it makes that are to be removed afterwards ("" for none)
LINES = [
    ("version", ""),
    ("version --format {{.Server.Version}}", ""),
    ("info", ""),
    ("imagefsinfo", ""),
    ("pull IMG", ""),
    ("pull -q IMG", ""),
    ("pull OWNIMG", ""),
    ("rmi OWNIMG", ""),
    ("rmi nosuch-image:1 OWNIMG", ""),
    ("logs WEB", ""),
    ("logs --tail 1 EXITED", ""),
    ("logs -f -t EXITED", ""),
    ("logs nosuch", ""),
    ("update -m 512m WEB", ""),
    ("update -m 256m nosuch WEB", ""),
    ("runp PODFILE", "PODNAME"),
    ("stopp NEWPOD", "PODNAME"),
    ("rmp NEWPOD", "PODNAME"),
    ("rmp -f NEWPOD", "PODNAME"),
    ("logout 127.0.0.1:1", ""),
    ("ps", ""),
    ("ps -a", ""),
    ("ps -q", ""),
    ("ps -aq", ""),
    ("ps -a --no-trunc", ""),
    ("ps -a --format '{{.Names}}'", ""),
    ("ps -a --format '{{.Command}}'", ""),
    ("ps -a --format '{{json .}}'", ""),
    ("ps -a --filter label=io.kubernetes.pod.namespace=plan", ""),
    ("ps -a --filter status=exited -q", ""),
    ("ps -a --filter name=WEB", ""),
    ("ps -s", ""),
    ("images", ""),
    ("images -q", ""),
    ("images busybox", ""),
    ("pods", ""),
    ("pods --state ready -q", ""),
    ("inspect WEB", ""),
    ("inspect WEB EXITED", ""),
    ("inspect WEB nosuch-object", ""),
    ("inspect --type image IMG", ""),
    ("inspect IMG", ""),
    ("inspect -f '{{.State.Pid}}' WEB", ""),
    ("container inspect EXITED", ""),
    ("inspectp POD", ""),
    ("inspect POD", ""),
    ("stats --no-stream WEB", ""),
    ("stats --no-stream -a", ""),
    ("stats --no-stream POD WEB", ""),
    ("exec POD ls", ""),
    ("port POD", ""),
    ("ps --format {{.State}}", ""),
    ("stop -t 1 WEB", ""),
    ("start WEB", ""),
    ("restart -t 1 WEB", ""),
    ("start EXITED", ""),
    ("wait EXITED", ""),
    ("kill -s WINCH WEB", ""),
    ("kill nosuch-container", ""),
    ("rm nosuch-container WEB", ""),
    ("run -d --name NEW IMG sleep 100", "NEW"),
    ("run --rm IMG echo hello", ""),
    ("run --name NEW IMG sh -c 'exit 3'", "NEW"),
    ("create --name NEW IMG true", "NEW"),
    ("run --rm --network container:WEB IMG true", ""),
    ("run --name WEB IMG true", ""),
    ("run --rm IMG nosuchcommand", ""),
    ("exec WEB echo hi", ""),
    ("exec EXITED echo hi", ""),
    ("start -a EXITED", ""),
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
    _set_up(shlex.split(line), world, extra, runtime_env)
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
            verb = "rmp" if word == "PODNAME" else "rm"
            run_cli([verb, "-f", extra.get(word, world.get(word, word))], environ=runtime_env)
