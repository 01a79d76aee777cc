"""exec, attach, port-forward: a CRI call that returns a streaming URL, then the stream.

The runtime answers Exec, Attach and PortForward with a URL on its streaming
server; dockercri connects to it and speaks the Kubernetes streaming protocol
(WebSocket, subprotocol v4.channel.k8s.io; SPDY/3.1 where stdin must end while
output goes on, because v4 has no way to close stdin alone).
"""

import shlex

from dockercri.errors import DockerCLIError
from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Pick, Ref, Step

_CHANNELS = ("channel 0 stdin, 1 stdout, 2 stderr, 3 the final status (a Kubernetes Status "
             "JSON whose details carry the exit code), 4 terminal resizes")


def _quote(words):
    return " ".join(shlex.quote(word) for word in words)


def _find_container(plan, name):
    plan.add(Step("find", "RuntimeService.ListContainers", {}, pick=Pick("container", name)))
    return Ref("find", "id", "container id")


def _transport(stdin, tty):
    if stdin and not tty:
        return ("SPDY/3.1 (the streaming server's other transport, the one crictl uses): "
                "stdin without a terminal must be able to end (a FIN on its stream) while "
                "stdout, stderr and the status keep coming, which WebSocket v4 cannot express")
    return "WebSocket, subprotocol v4.channel.k8s.io"


def plan_exec(intent, command):
    plan = start(command, intent)
    name, argv = intent.args[0], list(intent.args[1:])
    stdin, tty = bool(intent.opt("interactive")), bool(intent.opt("tty"))
    cid = _find_container(plan, name)
    plan.add(Step("status", "RuntimeService.ContainerStatus", {"container_id": cid},
                  why=("docker refuses to exec in a container that is not running: "
                       "\"Container ID is not running\"",)))
    plan.add(Step("exec", "RuntimeService.Exec", {
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
    plan.add(Step("stream", None, action=action))
    plan.crictl.append(crictl_line("crictl exec", "-i" if stdin else "", "-t" if tty else "",
                                   name, _quote(argv)))
    if intent.opt("detach"):
        plan.notes.append("exec -d is refused: CRI has no detached exec. Exec's process lives "
                          "as long as the stream dockercri holds open, and ExecSync waits for "
                          "the process to finish, so neither can start it and return.")
    return plan


def plan_attach(intent, command):
    plan = start(command, intent)
    if intent.has("sig_proxy") and not intent.opt("sig_proxy"):
        # --sig-proxy=false asks for what CRI does anyway: accepted.
        plan.refusals[:] = [line for line in plan.refusals if not line.startswith("--sig-proxy")]
    name = intent.args[0]
    cid = _find_container(plan, name)
    plan.add(Step("status", "RuntimeService.ContainerStatus", {"container_id": cid,
                                                               "verbose": True},
                  why=("the container must be running; its config (verbose info) says whether "
                       "it has a terminal (tty) and an open stdin",)))
    no_stdin = bool(intent.opt("no_stdin"))
    plan.add(Step("attach", "RuntimeService.Attach", {
        "container_id": cid,
        "stdin": False if no_stdin else Ref("status", "info", "stdin of the container's config"),
        "tty": Ref("status", "info", "tty of the container's config"), "stdout": True,
        "stderr": Ref("status", "info", "false when it has a tty, in its config")},
        why=("--no-stdin: stdin = false" if no_stdin else
             "stdin is attached when the container was created with -i",)))
    plan.add(Step("stream", None, action=(
        "connect to the URL Attach returned over WebSocket v4.channel.k8s.io (SPDY/3.1 when "
        "stdin is attached without a terminal) (%s); with a terminal: raw mode, resizes, and "
        "ctrl-p ctrl-q detaches (\"read escape sequence\", the container keeps running); "
        "when the stream ends, poll ContainerStatus until the container exits and exit with "
        "its exit_code" % _CHANNELS)))
    plan.crictl.append(crictl_line("crictl attach", "" if no_stdin else "-i", name)
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


def plan_port_forward(intent, command):
    plan = start(command, intent)
    name = intent.args[0]
    specs = parse_port_specs(intent.args[1:])
    plan.add(Step("find", "RuntimeService.ListPodSandbox", {}, pick=Pick("pod", name),
                  why=("the pod sandbox is found by id, unique id prefix or name, as crictl "
                       "does",)))
    pod = Ref("find", "id", "pod sandbox id")
    for local, remote in specs:
        plan.add(Step("listen%d" % local, None, action=(
            "listen on 127.0.0.1:%s (prints \"Forwarding from 127.0.0.1:%s -> %d\")"
            % (local or "<a free port>", local or "<port>", remote))))
    for local, remote in specs:
        plan.add(Step("forward%d" % remote, "RuntimeService.PortForward",
                      {"pod_sandbox_id": pod, "port": [remote]},
                      action="once per accepted connection (each URL serves one session)"))
    plan.add(Step("stream", None, action=(
        "connect to that URL with ?port=REMOTE over WebSocket v4.channel.k8s.io: channel 0 "
        "carries the data both ways, channel 1 the server's errors, each channel starts with "
        "the port (2 bytes, little-endian); when either side closes, the forwarded "
        "connection closes. Ctrl-C stops listening and closes every connection")))
    plan.crictl.append("crictl port-forward %s %s" % (name, " ".join(intent.args[1:])))
    return plan


def foreground_steps(plan, intent, cid):
    """The attached part of `run -i/-t/-a` and `start -a/-i`, for their planners."""
    stdin, tty = bool(intent.opt("interactive")), bool(intent.opt("tty"))
    if stdin and tty:
        plan.add(Step("attach", "RuntimeService.Attach", {
            "container_id": cid, "stdin": True, "tty": True, "stdout": True, "stderr": False},
            why=("-it: right after StartContainer (CRI attaches only to a running container)",)))
        plan.add(Step("stream", None, action=(
            "WebSocket v4.channel.k8s.io session on the Attach URL: raw mode, the terminal's "
            "size at once (line-editing shells redraw the prompt printed before the attach) "
            "and on every SIGWINCH, ctrl-p ctrl-q detaches; then ContainerStatus until it "
            "exits, and its exit_code")))
        return
    if stdin:
        plan.add(Step("attach", "RuntimeService.Attach", {
            "container_id": cid, "stdin": True, "tty": False, "stdout": False, "stderr": False},
            why=("-i: stdin goes over a stream of its own; its end closes the container's "
                 "stdin (stdin_once)",)))
    plan.add(Step("follow", None, action=(
        "print the container's output from its log file (ContainerStatus.log_path) as it "
        "comes: the log holds everything from the start, which an attach made after "
        "StartContainer could miss; then ContainerStatus until it exits, and its exit_code")))
