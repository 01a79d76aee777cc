"""run and create: execute the plan with nothing left half-made.

Every object the command makes is remembered as it is made; any failure, or
Ctrl-C/SIGTERM, before the command's work is done removes them again.
"""

import json
import os

from dockercri.commands.recreate import CONTAINER_CONFIG_ANNOTATION
from dockercri.errors import (DockerCLIError, NoSuchObject, ProgramError, RuntimeError_,
                              RuntimeUnavailable)
from dockercri.interrupts import Interrupts
from dockercri.plan.common import refuse_if_needed
from dockercri.plan.model import Pick
from dockercri.runtime.executor import fill


def _run_error(message, exit_code=125):
    """An error of `run`: "docker: MESSAGE." in the program's name; docker adds the help
    hint only to its own errors (125), not to the command's 126/127."""
    return ProgramError(message, "run", exit_code=exit_code, hint=exit_code == 125)


def _daemon(message, exit_code, run):
    text = "Error response from daemon: %s" % message
    if run:
        return _run_error(text, exit_code)
    return DockerCLIError(text, exit_code=exit_code)


def start_exit_code(message):
    """docker: 127 when the command is not found, 126 when it cannot be invoked."""
    lowered = message.lower()
    # Only the command's own exec error: a missing shim socket or mount source is not 127.
    if "executable file not found" in lowered or (
            "no such file or directory" in lowered and 'exec: "' in lowered):
        return 127
    if "permission denied" in lowered or "exec format error" in lowered:
        return 126
    return 125


class Made:
    """What this command has made so far, undone in reverse on failure."""

    def __init__(self, call, interrupts):
        self.call = call
        self.interrupts = interrupts
        self.pod_id = None
        self.container_id = None
        self.started = False

    def keep(self):
        self.pod_id = self.container_id = None

    def undo(self):
        with self.interrupts.shielded():
            self._undo()

    def _undo(self):
        try:
            if self.pod_id:
                self.call("RuntimeService.StopPodSandbox", {"pod_sandbox_id": self.pod_id})
                self.call("RuntimeService.RemovePodSandbox", {"pod_sandbox_id": self.pod_id})
            elif self.container_id:
                self.call("RuntimeService.RemoveContainer", {"container_id": self.container_id})
        except DockerCLIError:
            pass
        self.pod_id = self.container_id = None


def run_run(intent, plan, session):
    try:
        return _execute(intent, plan, session, run=True)
    except (RuntimeUnavailable, RuntimeError_) as error:
        # docker run exits 125 for its daemon's failures, so that they never read as the
        # container's own exit status; a runtime that is down or went away is one.
        if isinstance(error, RuntimeUnavailable):
            raise _run_error(error.message)
        raise _daemon(error.message, 125, True)


def run_create(intent, plan, session):
    return _execute(intent, plan, session, run=False)


def _execute(intent, plan, session, run):
    refuse_if_needed(plan, session)
    if run:
        _check_attach(session, intent)
    cidfile = intent.opt("cidfile")
    if cidfile and os.path.exists(cidfile):
        raise _daemon_free("Container ID file found, make sure the other container isn't "
                           "running or delete %s" % cidfile, run)
    executor = session.executor
    call = executor.call
    _check_local_inputs(intent, plan, run)
    image_config = _ensure_image(session, plan, intent, run)
    plan = _replan(intent, plan, session, image_config, run)
    _write_hosts_file(intent, plan)
    interrupts = Interrupts().install()
    made = Made(call, interrupts)
    try:
        container_id = _make(session, intent, plan, made, run, interrupts)
        if cidfile:
            _write_cidfile(cidfile, container_id, run)
        if not run:
            made.keep()
            session.out(container_id)
            return 0
        with interrupts.critical():
            _start(session, container_id, made, run)
            if intent.opt("detach"):
                made.keep()
                session.out(container_id)
                return 0
        code = (_attached(session, intent, container_id, made) if _attaches(intent)
                else _follow(session, container_id))
        if not intent.opt("rm"):
            made.keep()
        return code
    except KeyboardInterrupt:
        # An attached run without --rm leaves its started container, as docker does.
        if not intent.opt("rm") and made.started and not intent.opt("detach"):
            made.keep()
        raise
    finally:
        made.undo()
        interrupts.restore()


def _daemon_free(message, run):
    if run:
        return _run_error(message)
    return DockerCLIError("Error: %s" % message, exit_code=125)


def _ensure_image(session, plan, intent, run):
    """ImageStatus, then PullImage if missing; returns the image's config (for COMMAND)."""
    request = next(step for step in plan.steps if step.key == "image").request
    status = session.executor.call("ImageService.ImageStatus", request)
    if not status.image.id:
        session.err("Unable to find image '%s' locally" % intent.args[0])
        from dockercri.render.progress import pull_progress
        try:
            # docker shows run's pull on stderr; on a terminal, so does dockercri.
            with pull_progress(session.env.stderr, intent.args[0]):
                session.executor.call("ImageService.PullImage",
                                      _pull_request(session, intent.args[0], request["image"]))
        except RuntimeError_ as error:
            raise _daemon(error.message, 125 if run else 1, run)
        status = session.executor.call("ImageService.ImageStatus", request)
        session.err("Status: Downloaded newer image for %s" % intent.args[0])
    from dockercri.render.views import verbose_info
    info = verbose_info(status) or {}
    return (info.get("imageSpec") or {}).get("config") or {}


def _pull_request(session, typed, image):
    """PullImage with docker's credentials for that registry, as `pull` sends them."""
    from dockercri.commands.images import _credentials
    from dockercri.plan.images import InvalidReference, parse_reference, pull_request
    from dockercri.auth import registry_key
    try:
        ref = parse_reference(typed)
    except InvalidReference:
        return {"image": image}
    creds = _credentials(session, registry_key(ref.domain))
    return pull_request(image["image"], creds.cri() if creds else None)


def _replan(intent, plan, session, image_config, run):
    from dockercri.commands.registry import find_command
    from dockercri.plan.run import plan_create, plan_run

    name = plan.files["pod-config.json"]["metadata"]["name"]
    command, _ = find_command(["run" if run else "create"])
    build = plan_run if run else plan_create
    return build(intent, command, environ=session.env.environ, image_config=image_config,
                 name=name, free_port=free_port)


def free_port(protocol, host_ip=""):
    """A port the node's kernel says is free now (docker's proxy does the same)."""
    import socket
    kind = socket.SOCK_DGRAM if protocol == "UDP" else socket.SOCK_STREAM
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind((host_ip if host_ip and ":" not in host_ip else "", 0))
        return probe.getsockname()[1]


def _check_local_inputs(intent, plan, run):
    """What docker's daemon checks on its own host, dockercri checks on the node."""
    from dockercri.mapping import transforms
    for raw in intent.opt("mount") or ():
        source = transforms.mount_spec(raw)["host_path"]
        if not os.path.exists(source):
            raise _daemon('invalid mount config for type "bind": bind source path does not '
                          "exist: %s" % source, 125 if run else 1, run)


def _write_hosts_file(intent, plan):
    from dockercri.mapping import transforms
    from dockercri.plan import run_config
    extra = [transforms.extra_host(raw) for raw in intent.opt("add_host") or ()]
    if not extra:
        return
    pod = plan.files["pod-config.json"]
    name = pod["metadata"]["name"]
    path = run_config.hosts_file_path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(run_config.hosts_file_text(pod.get("hostname", ""), extra))


def _volumes_from(session, intent, container, run):
    """--volumes-from: repeat another container's mounts (read-only with :ro)."""
    mounts = list(container.get("mounts") or [])
    for raw in intent.opt("volumes_from") or ():
        source, _, mode = raw.partition(":")
        try:
            found = session.executor.pick(Pick("container", source))
        except NoSuchObject as error:
            raise _daemon(error.message, 125 if run else 1, run)
        status = session.executor.call("RuntimeService.ContainerStatus",
                                       {"container_id": found.id}).status
        for mount in status.mounts:
            mounts.append({"host_path": mount.host_path, "container_path": mount.container_path,
                           "readonly": mount.readonly or mode == "ro",
                           "propagation": mount.propagation})
    if mounts:
        container["mounts"] = mounts


def _make(session, intent, plan, made, run, interrupts):
    executor = session.executor
    results = {}
    steps = {step.key: step for step in plan.steps}
    for key in ("join", "pidtarget"):
        if key in steps:
            try:
                results[key] = executor.pick(steps[key].pick)
            except NoSuchObject as error:
                raise _daemon(error.message, 125 if run else 1, run)
    pod = plan.files["pod-config.json"]
    container = fill(plan.files["container-config.json"], results)
    _volumes_from(session, intent, container, run)
    if "pod" in steps:
        _prepare_log_dir(pod["log_directory"], container["log_path"])
        request = dict(steps["pod"].request)
        request["config"] = dict(pod, annotations=dict(pod.get("annotations") or {}, **{
            CONTAINER_CONFIG_ANNOTATION: json.dumps({"container": container, "pod": pod})}))
        try:
            with interrupts.critical():
                made.pod_id = executor.call("RuntimeService.RunPodSandbox",
                                            request).pod_sandbox_id
        except RuntimeError_ as error:
            raise _conflict_or(session, error, pod["metadata"]["name"], run)
        pod_id, sandbox_config = made.pod_id, pod
        _drop_stale_log(pod["log_directory"], container["log_path"])
    else:
        target = results["join"]
        pod_id = target.pod_sandbox_id
        sandbox_config = _sandbox_config_of(session, pod_id)
        _prepare_log_dir(sandbox_config.get("log_directory", ""), container["log_path"])
    try:
        with interrupts.critical():
            made.container_id = executor.call("RuntimeService.CreateContainer", {
                "pod_sandbox_id": pod_id, "config": container,
                "sandbox_config": sandbox_config}).container_id
    except RuntimeError_ as error:
        if "is reserved for" in error.message and "pod" not in steps:
            raise _conflict_or(session, error, container["metadata"]["name"], run)
        raise _daemon(error.message, 125 if run else 1, run)
    return made.container_id


def _prepare_log_dir(directory, log_path):
    """The kubelet makes pod log directories; for dockercri's own pods, dockercri does."""
    if not directory:
        return
    try:
        os.makedirs(os.path.dirname(os.path.join(directory, log_path)), exist_ok=True)
    except OSError:
        pass  # the runtime will say what is wrong


def _drop_stale_log(directory, log_path):
    """The pod's log folder is named after the docker name: a log left there by a removed
    container of that name (the pod was just made, so none runs) is not this one's."""
    try:
        os.unlink(os.path.join(directory, log_path))
    except OSError:
        pass


def _sandbox_config_of(session, pod_id):
    from dockercri.render.views import verbose_info
    status = session.executor.call("RuntimeService.PodSandboxStatus",
                                   {"pod_sandbox_id": pod_id, "verbose": True})
    info = verbose_info(status) or {}
    config = info.get("config") or {}
    if not config:
        meta = status.status.metadata
        config = {"metadata": {"name": meta.name, "namespace": meta.namespace, "uid": meta.uid,
                               "attempt": meta.attempt}}
    return config


def _conflict_or(session, error, name, run):
    if "is reserved for" not in error.message:
        return _daemon(error.message, 125 if run else 1, run)
    session.executor.invalidate()
    try:
        holder = session.executor.pick(Pick("container", name)).id
    except DockerCLIError:
        holder = error.message.rsplit('"', 2)[-2] if error.message.count('"') >= 2 else "?"
    return _daemon('Conflict. The container name "/%s" is already in use by container "%s". '
                   "You have to remove (or rename) that container to be able to reuse that name."
                   % (name, holder), 125 if run else 1, run)


def _start(session, container_id, made, run):
    try:
        session.executor.call("RuntimeService.StartContainer", {"container_id": container_id})
    except RuntimeError_ as error:
        # containerd's CRI plugin wraps the task error that dockerd passes on as it is.
        message = error.message
        if message.startswith("failed to create containerd task: "):
            message = message[len("failed to create containerd task: "):]
        raise _daemon(message, start_exit_code(message), run)
    made.started = True


def _write_cidfile(path, container_id, run):
    try:
        handle = open(path, "x")
    except OSError as error:
        raise _daemon_free("Failed to create the container ID file: %s" % error, run)
    try:
        with handle:
            handle.write(container_id)
    except OSError as error:
        # A full disk: docker removes the file it could not fill, so a retry can use it.
        try:
            os.unlink(path)
        except OSError:
            pass
        raise _daemon_free("Failed to write the container ID to the file: %s" % error, run)


def _follow(session, container_id):
    from dockercri.logs import LogOptions, write_logs

    def status():
        return session.executor.call("RuntimeService.ContainerStatus",
                                     {"container_id": container_id}).status

    current = status()
    session.env.stdout.flush()
    try:
        write_logs(current.log_path, LogOptions(follow=True), session.env.stdout_bytes,
                   session.env.stderr_bytes, is_running=lambda: status().state in (0, 1),
                   poll_interval=0.05)
    except FileNotFoundError:
        pass
    final = status()
    if final.state != 2:
        # The reader ends early only when interrupted: the container still runs.
        raise KeyboardInterrupt
    return final.exit_code


# -- run -i / -t / -a: the attached session lives in dockercri.commands.streams ----------
def _attaches(intent):
    return bool(intent.opt("interactive") or intent.opt("tty") or intent.opt("attach"))


def _check_attach(session, intent):
    if _attaches(intent):
        from dockercri.commands.streams import check_attach
        check_attach(session, intent)


def _attached(session, intent, container_id, made):
    """The container's exit code; 0 when the user detached (ctrl-p ctrl-q), which leaves
    it running (with --rm too: dockercri cannot remove it later, and says so)."""
    from dockercri.commands.streams import foreground

    streams = tuple(intent.opt("attach") or ()) or ("stdout", "stderr")
    attach_stdin = bool(intent.opt("interactive")) or "stdin" in streams
    code = foreground(session, container_id, tty=bool(intent.opt("tty")),
                      attach_stdin=attach_stdin, streams=streams)
    if code is None:
        if intent.opt("rm"):
            session.err("%s: --rm cannot remove %s after a detach; remove it with "
                        "`%s rm -f %s`" % (session.env.prog, container_id[:12],
                                           session.env.prog, container_id[:12]))
        made.pod_id = made.container_id = None
        return 0
    return code
