"""exec, attach, port-forward: a CRI call that returns a streaming URL, then the stream.

The runtime answers Exec, Attach and PortForward with a URL on its streaming
server; dockercri connects to it and speaks the Kubernetes streaming protocol
(WebSocket, subprotocol v4.channel.k8s.io; SPDY/3.1 where stdin must end while
output goes on, because v4 has no way to close stdin alone).
"""

import os
import shlex

from dockercri.errors import DockerCLIError
from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Check, Computed, Pick, Ref, Step

HERE = "dockercri.plan.streams:"

_CHANNELS = ("channel 0 stdin, 1 stdout, 2 stderr, 3 the final status (a Kubernetes Status "
             "JSON whose details carry the exit code), 4 terminal resizes")


def _quote(words):
    return " ".join(shlex.quote(word) for word in words)


def _find_container(plan, name, verb, errors="dockercri.errors:exec_lookup"):
    """Find the container; a kubelet pod's sandbox (k8s_POD_...) is found too, as docker
    found it under dockershim, and refused with the reason (CRI streams only to
    containers; start: CRI cannot start a sandbox again)."""
    from dockercri.plan.common import list_containers
    list_containers(plan)
    plan.add(Step("find", pick=Pick("container", name, sandboxes=True), errors=errors,
                  args=(name,)))
    sandbox = Check("dockercri.plan.lifecycle:is_sandbox", "only for a kubelet pod's sandbox",
                    ("find",))
    if verb == "start":
        plan.add(Step("sandboxref", node="dockercri.node.checks:refuse_sandbox",
                      args=("find", verb), when=sandbox, action=(
                          "refuse: CRI cannot start a pod sandbox again; the kubelet makes a "
                          "new one when this one stops (`docker stop` it)")))
    else:
        plan.add(Step("sandboxref", node="dockercri.node.checks:refuse_sandbox_stream",
                      args=("find", verb), when=sandbox, action=(
                          "refuse: CRI's %s works only on containers" % verb.capitalize())))
    return Ref("find", "id", "container id")


NOT_A_TTY = "the input device is not a TTY"


def _config_steps(plan, cid, no_stdin=False, interactive=True):
    """The container's tty and stdin, from the runtime's verbose status or, where the
    runtime does not say, from the configuration dockercri recorded at create."""
    plan.add(Step("recorded", "RuntimeService.PodSandboxStatus",
                  {"pod_sandbox_id": Ref("find", "pod_sandbox_id", "pod sandbox id")},
                  when=Check(HERE + "config_unknown", "only when the verbose status has no "
                             "config (the recorded configuration of dockercri's containers)")))
    plan.add(Step("options", node="dockercri.node.streams:attach_options",
                  request={"no_stdin": no_stdin, "interactive": interactive},
                  action="its tty and stdin; with both, stdin must be a terminal"))


def config_unknown(context):
    from dockercri.node.streams import verbose_config
    return not verbose_config(context["status"])


def _transport(stdin, tty):
    if stdin and not tty:
        return ("SPDY/3.1 (the streaming server's other transport, the one crictl uses): "
                "stdin without a terminal must be able to end (a FIN on its stream) while "
                "stdout, stderr and the status keep coming, which WebSocket v4 cannot express")
    return "WebSocket, subprotocol v4.channel.k8s.io"


def plan_exec(intent, command):
    plan = start(command, intent)
    name, typed = intent.args[0], list(intent.args[1:])
    argv, helpers = exec_command(typed, intent.opt("env") or (), intent.opt("workdir"))
    stdin, tty = bool(intent.opt("interactive")), bool(intent.opt("tty"))
    cid = _find_container(plan, name, "exec")
    plan.add(Step("status", "RuntimeService.ContainerStatus", {"container_id": cid},
                  why=("docker refuses to exec in a container that is not running: "
                       "\"Container ID is not running\"",)))
    plan.add(Step("running", node="dockercri.node.streams:require_running",
                  args=("Container %s is not running",), action="refuse unless it is running"))
    if stdin and tty:
        plan.add(Step("terminal", node="dockercri.node.streams:require_terminal",
                      action="refuse unless stdin is a terminal: \"%s\"" % NOT_A_TTY))
    plan.add(Step("exec", "RuntimeService.Exec", errors="dockercri.errors:daemon_says",
                  request={
        "container_id": cid, "cmd": argv, "tty": tty, "stdin": stdin or tty, "stdout": True,
        "stderr": not tty},
        why=tuple(why for why in (
            "-t: tty = true; a terminal has one output stream, so stderr = false" if tty else "",
            "-i: stdin = true" if stdin else "",
            "-t without -i: stdin = true all the same, and nothing is sent on it (containerd "
            "1.6 can lose a terminal exec's output when the exec has no stdin)"
            if tty and not stdin else "") if why)))
    action = ("connect to the URL Exec returned over %s (%s)" % (_transport(stdin, tty), _CHANNELS))
    if tty:
        action += ("; the local terminal goes into raw mode (restored on every way out), its "
                   "size is sent at the start and on every SIGWINCH")
    if stdin and tty:
        action += "; ctrl-p ctrl-q detaches (\"read escape sequence\")"
    action += ("; exit with the process's exit code. When the runtime cannot start the "
               "command (not found, not executable), docker's message goes to stdout and the "
               "exit status is 126")
    if helpers:
        action += (". The command runs through %s in the container (-e/-w: CRI's Exec "
                   "carries neither environment nor working directory)"
                   % " and ".join("`%s`" % helper for helper in helpers))
    plan.add(Step("stream", node="dockercri.node.streams:exec_session", action=action,
                  request={"tty": tty, "stdin": stdin, "helpers": list(helpers)}))
    plan.crictl.append(crictl_line("crictl exec", "-i" if stdin else "", "-t" if tty else "",
                                   name, _quote(argv)))
    if intent.opt("detach"):
        plan.notes.append("exec -d is refused: CRI has no detached exec. Exec's process lives "
                          "as long as the stream dockercri holds open, and ExecSync waits for "
                          "the process to finish, so neither can start it and return.")
    return plan


WORKDIR_SCRIPT = 'cd -- "$1" || exit 126; shift; exec "$@"'  # 126: as docker's failed chdir


def exec_command(argv, env, workdir):
    """docker exec's -e and -w, which CRI's Exec cannot carry, as the command that runs:
    `env K=V... CMD` and `sh -c 'cd -- DIR && ...' sh DIR CMD`. Returns the command and the
    programs it needs in the image."""
    helpers = []
    if env:
        from dockercri.mapping import transforms
        pairs = []
        for raw in env:
            found = transforms.env_var(raw, os.environ)
            if found is not None:  # a bare KEY this shell lacks is left out, as docker does
                pairs.append("%s=%s" % (found["key"], found["value"]))
        if pairs:
            argv = ["env"] + pairs + list(argv)
            helpers.append("env")
    if workdir:
        argv = ["sh", "-c", WORKDIR_SCRIPT, "sh", workdir] + list(argv)
        helpers.insert(0, "sh")
    return list(argv), tuple(helpers)


def plan_attach(intent, command):
    plan = start(command, intent)
    if intent.has("sig_proxy") and not intent.opt("sig_proxy"):
        # --sig-proxy=false asks for what CRI does anyway: accepted.
        plan.refusals[:] = [line for line in plan.refusals if not line.startswith("--sig-proxy")]
    name = intent.args[0]
    cid = _find_container(plan, name, "attach")
    plan.add(Step("status", "RuntimeService.ContainerStatus", {"container_id": cid,
                                                               "verbose": True},
                  why=("the container must be running; its config (verbose info) says whether "
                       "it has a terminal (tty) and an open stdin",)))
    plan.add(Step("running", node="dockercri.node.streams:require_running",
                  args=("You cannot attach to a stopped container, start it first",),
                  action="refuse unless it is running"))
    _config_steps(plan, cid, no_stdin=bool(intent.opt("no_stdin")))
    plan.add(Step("attach", "RuntimeService.Attach", {
        "container_id": cid, "stdin": False if intent.opt("no_stdin") else Ref(
            "options", "stdin", "stdin of the container's config"),
        "tty": Ref("options", "tty", "tty of the container's config"), "stdout": True,
        "stderr": Ref("options", "stderr", "false when it has a tty, in its config")},
        errors="dockercri.errors:daemon_says",
        why=("--no-stdin: stdin = false" if intent.opt("no_stdin") else
             "stdin is attached when the container was created with -i",)))
    plan.add(Step("stream", node="dockercri.node.streams:attach_session", action=(
        "connect to the URL Attach returned over WebSocket v4.channel.k8s.io (SPDY/3.1 when "
        "stdin is attached without a terminal) (%s); with a terminal: raw mode, resizes, and "
        "ctrl-p ctrl-q detaches (\"read escape sequence\", the container keeps running)"
        % _CHANNELS)))
    plan.add(Step("state", "RuntimeService.ContainerStatus", {"container_id": cid},
                  on_demand="called once when the stream ends without an exit status: a "
                            "container still running means the stream broke"))
    plan.add(Step("exit", "RuntimeService.ContainerStatus", {"container_id": cid},
                  interval=0.05, when=Check(HERE + "not_detached", "unless the user detached"),
                  until=Check(HERE + "exited", "until it has exited: its exit_code is the "
                              "command's exit status")))
    plan.crictl.append(crictl_line("crictl attach", "" if intent.opt("no_stdin") else "-i", name)
                       + "   # add -t for a container with a terminal")
    plan.notes.append("CRI carries no signals: with --sig-proxy (docker's default) Ctrl-C "
                      "reaches a container with a terminal as a character; without one it "
                      "ends dockercri's session and the container keeps running.")
    return plan


def parse_port_specs(words):
    """crictl's [LOCAL:]REMOTE → [(local, remote)]; LOCAL 0 or empty picks a free port."""
    specs = []
    for word in words:
        local, sep, remote = word.rpartition(":")
        if not sep:
            local = remote
        try:
            local_port = int(local) if local else 0
            remote_port = int(remote)
        except ValueError:
            raise DockerCLIError("Error: invalid port specification %r: use [LOCAL_PORT:]"
                                 "REMOTE_PORT" % word, exit_code=1)
        if not (0 <= local_port <= 65535 and 0 < remote_port <= 65535):
            raise DockerCLIError("Error: port out of range in %r" % word, exit_code=1)
        specs.append((local_port, remote_port))
    if not specs:
        raise DockerCLIError("Error: port-forward needs a pod and at least one "
                             "[LOCAL_PORT:]REMOTE_PORT", exit_code=1)
    return specs


def plan_start_attached(intent, command, plan):
    """docker start -a / -i CONTAINER: start it (re-created if it has exited) and stay."""
    from dockercri.plan.starting import start_steps
    name = intent.args[0]
    if len(intent.args) > 1:
        plan.notes.append("docker refuses to start and attach several containers at once.")
    _find_container(plan, name, "start", errors="dockercri.errors:container_lookup")
    plan.add(Step("status", "RuntimeService.ContainerStatus", {
        "container_id": Ref("find", "id", "container id"), "verbose": True},
        why=("its state, and its config: a terminal? stdin?",)))
    _config_steps(plan, Ref("find", "id", "container id"),
                  interactive=bool(intent.opt("interactive")))
    start_steps(plan, 1, name, "find", "status", group=None)
    cid = Computed("dockercri.plan.starting:current_id", "the id of the started container",
                   ("find", "create1"))
    foreground_steps(plan, intent, cid,
                     from_start=Computed(HERE + "from_start", "whether it was not running"),
                     tty=Ref("options", "tty", "its tty"),
                     attach_stdin=Ref("options", "stdin", "its stdin"))
    plan.crictl.append("crictl start %s && crictl attach%s %s" % (
        name, " -i" if intent.opt("interactive") else "", name))
    return plan


def from_start(context):
    """A terminal container already running shows only what comes next; otherwise
    everything from the start."""
    was_running = context["status"].status.state == 1
    options = context["options"]
    if options["tty"] and not options["stdin"] and was_running:
        return False
    return not was_running


def plan_port_forward(intent, command):
    plan = start(command, intent)
    name = intent.args[0]
    specs = parse_port_specs(intent.args[1:])
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {},
                  why=("the pod sandbox is found by id, unique id prefix or name, as crictl "
                       "does",)))
    plan.add(Step("find", pick=Pick("pod", name), errors="dockercri.errors:pod_lookup",
                  args=(name,)))
    pod = Ref("find", "id", "pod sandbox id")
    plan.add(Step("listen", node="dockercri.node.streams:forward_ports",
                  request={"ports": [list(spec) for spec in specs]}, action=(
                      "listen on 127.0.0.1 at %s (prints \"Forwarding from 127.0.0.1:LOCAL -> "
                      "REMOTE\"); for each connection, connect to the URL PortForward returned "
                      "with ?port=REMOTE over WebSocket v4.channel.k8s.io: channel 0 carries the "
                      "data both ways, channel 1 the server's errors, each channel starts with "
                      "the port (2 bytes, little-endian). Ctrl-C stops listening and closes "
                      "every connection" % ", ".join("127.0.0.1:%s -> %d" % (local or "<a free port>",
                                                                  remote)
                                                      for local, remote in specs))))
    plan.add(Step("forward", "RuntimeService.PortForward",
                  {"pod_sandbox_id": pod, "port": [Ref("@each", "", "the remote port")]},
                  on_demand="called once per accepted connection (each URL serves one "
                            "session)"))
    plan.crictl.append("crictl port-forward %s %s" % (name, " ".join(intent.args[1:])))
    return plan


def foreground_steps(plan, intent, cid, from_start=True, tty=None, attach_stdin=None,
                     group=None):
    """The attached part of `run -i/-t/-a` and `start -a/-i`: stay with the started
    container until it exits (its exit code) or the user detaches.

    With a terminal and stdin: an Attach session (raw mode, resizes, detach keys). Otherwise
    the output comes from the container's log file, which holds everything from its start
    (an attach made after StartContainer would miss the first output), and stdin, when
    attached, goes over an Attach stream of stdin alone, closed at the end of stdin."""
    chosen = intent.opt("attach")  # run's -a names streams; start's -a is a switch
    streams = tuple(chosen) if isinstance(chosen, (list, tuple)) and chosen else (
        "stdout", "stderr")
    if tty is None:
        tty = bool(intent.opt("tty"))
    if attach_stdin is None:
        attach_stdin = bool(intent.opt("interactive")) or "stdin" in streams
    sig_proxy = intent.opt("sig_proxy") is not False  # start -a: always, as docker's
    request = {"container_id": cid, "tty": tty, "stdin": attach_stdin,
               "streams": list(streams), "from_start": from_start, "sig_proxy": sig_proxy}
    plan.add(Step("logstatus", "RuntimeService.ContainerStatus", {"container_id": cid,
                                                                  "verbose": sig_proxy},
                  group=group, why=("the container's log file (status.log_path)",) + (
                      ("its main process's pid (verbose info), for the signals dockercri "
                       "passes on",) if sig_proxy else ())))
    plan.add(Step("attach", "RuntimeService.Attach", {
        "container_id": cid, "stdin": True, "tty": tty, "stdout": Computed(
            HERE + "attach_output", "true for a terminal session that shows stdout"),
        "stderr": False}, when=Check(HERE + "wants_stdin", "only when stdin is attached (-i)"),
        group=group, errors="dockercri.errors:tolerate_any",
        why=("a terminal: the session itself; without one, stdin alone, whose end closes the "
             "container's stdin (stdin_once); if the container has exited already, its log "
             "holds the output",)))
    plan.add(Step("stream", node="dockercri.node.foreground:terminal", request=request,
                  when=Check(HERE + "terminal_attached", "only when step %d gave a terminal "
                             "session" % plan.numbers()["attach"]), group=group, action=(
            "WebSocket v4.channel.k8s.io session on the Attach URL: raw mode, the terminal's "
            "size at once (line-editing shells redraw the prompt printed before the attach) "
            "and on every SIGWINCH, ctrl-p ctrl-q detaches; what the container wrote before "
            "the attach took effect comes from its log file first")))
    plan.add(Step("follow", node="dockercri.node.foreground:follow", request=request,
                  when=Check(HERE + "no_terminal_session", "otherwise"), group=group, action=(
            "print the container's output from its log file as it comes (stdin, with -i, "
            "goes over step %d's stream) until the container stops%s" % (
                plan.numbers()["attach"], "; SIGINT, SIGTERM and SIGHUP that dockercri receives "
                "meanwhile are sent to the container's main process (--sig-proxy)"
                if sig_proxy else ""))))
    plan.add(Step("state", "RuntimeService.ContainerStatus", {"container_id": cid},
                  group=group, on_demand="called every 50 ms while the log is followed, until "
                                         "the container stops"))
    plan.add(Step("exit", "RuntimeService.ContainerStatus", {"container_id": cid},
                  group=group, interval=0.05,
                  when=Check(HERE + "not_detached", "unless the user detached"),
                  until=Check(HERE + "exited", "until it has exited: its exit_code is "
                              "the command's exit status")))


# -- conditions (called by the executor) -----------------------------------------------
def _foreground(context):
    """The foreground's settings (the stream step's request, filled)."""
    return context.request_of("stream")


def wants_stdin(context):
    return bool(_foreground(context)["stdin"])


def attach_output(context):
    request = _foreground(context)
    return bool(request["tty"]) and "stdout" in request["streams"]


def terminal_and_stdin(context):
    request = _foreground(context)
    return bool(request["tty"]) and bool(request["stdin"])


def terminal_attached(context):
    return terminal_and_stdin(context) and context["attach"] is not None


def no_terminal_session(context):
    return not terminal_attached(context)


def not_detached(context):
    return "detached" not in (context["stream"], context["follow"])


def exited(context):
    return context[context.step.key].status.state == 2
