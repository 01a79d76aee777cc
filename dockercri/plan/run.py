"""run and create: ImageStatus, PullImage when missing, RunPodSandbox, CreateContainer,
StartContainer, and for a foreground run the output, the exit and --rm; the crictl files
are the configs sent, completed when the command runs by what only then is known (the
image's default command for the COMMAND column, a free host port for `-p 80`, the mounts
of --volumes-from, the ids of containers joined).

Everything the command makes has its undo step: a failure or Ctrl-C before the command's
work is done removes it again.
"""

import os

from dockercri import names, namegen
from dockercri.labels import CONTAINER_CONFIG_ANNOTATION, NAME_LABEL
from dockercri.mapping import transforms
from dockercri.plan import run_config
from dockercri.plan.common import PULL_PROGRESS, crictl_line, list_containers, start
from dockercri.plan.model import Check, Computed, Pick, Ref, Step

HERE = "dockercri.plan.run:"
NODE = "dockercri.node.run:"


def docker_name(intent):
    given = intent.opt("name")
    if given:
        return transforms.container_name(given)
    seed = os.environ.get("DOCKERCRI_NAME_SEED")
    if seed is not None:
        import random
        return namegen.generate(random.Random(seed))
    return namegen.generate()


def plan_create(intent, command, **context):
    return _plan(intent, command, run=False, **context)


def plan_run(intent, command, **context):
    return _plan(intent, command, run=True, **context)


# -- conditions and computed values (called by the executor) ---------------------------
def image_missing(context):
    return not context["image"].image.id


def pod_conflict(context):
    return isinstance(context["pod"], NameConflict)


def create_conflict(context):
    return isinstance(context["create"], NameConflict)


def attached(context):
    return context["attach"] is not None


def not_attached(context):
    return context["attach"] is None


def not_detached(context):
    return context["stream"] != "detached" and context["follow"] != "detached"


def removing(context):
    return not_detached(context)


def auth_for(context, typed):
    from dockercri.node.credentials import auth_for_reference
    return auth_for_reference(context.session, typed)


def ran_pod_id(context):
    return context["pod"].pod_sandbox_id


class NameConflict:
    """RunPodSandbox or CreateContainer refused the name: the runtime holds it already."""

    def __init__(self, message):
        self.message = message


def name_conflict(context, error, run):
    from dockercri.errors import run_daemon_error
    if "is reserved for" in error.message:
        return NameConflict(error.message)
    return run_daemon_error(error.message, 125 if run else 1, run)


def start_failure(context, error):
    from dockercri.errors import run_daemon_error, start_exit_code
    # containerd's CRI plugin wraps the task error that dockerd passes on as it is.
    message = error.message
    if message.startswith("failed to create containerd task: "):
        message = message[len("failed to create containerd task: "):]
    return run_daemon_error(message, start_exit_code(message), True)


def pull_failure(context, error, run):
    from dockercri.errors import run_daemon_error
    return run_daemon_error(error.message, 125 if run else 1, run)


def lookup_failure(context, error, name, run):
    from dockercri.errors import run_daemon_error
    return run_daemon_error(error.message, 125 if run else 1, run)


# -- the plan ---------------------------------------------------------------------------
def _plan(intent, command, run, name=None):
    plan = start(command, intent)
    name = name or docker_name(intent)
    image_ref = names.normalise_reference(intent.args[0])
    pod, container, handler, joins = run_config.build(intent, name, image_ref, os.environ)
    if joins.get("pid"):
        options = container["linux"]["security_context"]["namespace_options"]
        options["pid"] = "TARGET"
        options["target_id"] = Ref("pidtarget", "id", "container id of %s" % joins["pid"])
    plan.files["pod-config.json"] = pod
    plan.files["container-config.json"] = container
    _image_steps(plan, intent, image_ref, run)
    if intent.opt("mount"):
        plan.add(Step("sources", node=NODE + "check_mount_sources", args=(run,), request={
            "mounts": list(intent.opt("mount"))}, action=(
            "check that every --mount bind source exists on the node, as docker's daemon "
            "checks on its host")))
    if intent.opt("log_driver"):
        plan.add(Step("logdriver", node=NODE + "check_log_driver", args=(run,), request={
            "driver": intent.opt("log_driver")}, action=(
            "accept a docker log driver by name (the runtime keeps the CRI log file whatever "
            "it is); refuse an unknown one as docker's daemon does")))
    _lookup_steps(plan, intent, joins, run)
    plan.add(Step("configs", node=NODE + "final_configs", args=(intent, name, image_ref, run),
                  action="complete the two files above: %s" % "; ".join(_completions(intent))))
    if intent.opt("add_host"):
        plan.add(Step("hosts", node=NODE + "write_hosts_file",
                      args=(name, tuple(intent.opt("add_host"))), action=(
            "write %s (localhost, the hostname, the --add-host entries); it is bind-mounted "
            "read-only at /etc/hosts" % run_config.hosts_file_path(name))))
    own_pod = not (joins.get("network") or joins.get("ipc"))
    pod_ref = _sandbox_steps(plan, joins, handler, run, own_pod, name)
    created = Step("create", "RuntimeService.CreateContainer", {
        "pod_sandbox_id": pod_ref, "config": Ref("configs", "container",
                                                 "contents of container-config.json"),
        "sandbox_config": Ref("configs", "pod" if own_pod else "sandbox",
                              "contents of pod-config.json" if own_pod
                              else "the joined pod's config")},
        held=True, errors=HERE + "name_conflict", args=(run,),
        undo=() if own_pod else (Step("create", "RuntimeService.RemoveContainer", {
            "container_id": Ref("create", "container_id", "container id")}),),
        keep=not run and not intent.opt("cidfile"))
    plan.add(created)
    if not own_pod:
        _conflict_steps(plan, "create", run, Check(HERE + "create_conflict",
                                                   "only when the runtime holds that name"), name)
    if intent.opt("cidfile"):
        plan.add(Step("cidfile", node=NODE + "write_cidfile", args=(run,), request={
            "path": intent.opt("cidfile"),
            "container_id": Ref("create", "container_id", "container id")},
            keep=not run, action="write the container id to %s (removed again if the disk "
                                 "is full)" % intent.opt("cidfile")))
    cid = Ref("create", "container_id", "container id")
    if run:
        plan.add(Step("start", "RuntimeService.StartContainer", {"container_id": cid},
                      held=True, errors=HERE + "start_failure",
                      keep=bool(intent.opt("detach")) or not intent.opt("rm"),
                      why=("--rm: what was made stays removable until the container has run",)
                      if intent.opt("rm") and not intent.opt("detach") else ()))
        if not intent.opt("detach"):
            from dockercri.plan.streams import foreground_steps
            foreground_steps(plan, intent, cid, from_start=True)
            if intent.opt("rm"):
                _rm_steps(plan, own_pod, pod_ref, cid)
    _crictl_lines(plan, intent, run, image_ref, joins)
    plan.notes.append("dockercri also records both configs in the pod's annotation "
                      "%s, so that start and restart can re-create the container after it "
                      "exits (CRI cannot start an exited one)." % CONTAINER_CONFIG_ANNOTATION)
    return plan


def _rm_steps(plan, own_pod, pod_ref, cid):
    """--rm after the exit (or, by the undo steps, after Ctrl-C): the container goes with
    its own pod; a container that joined another's pod goes alone, the pod stays."""
    removing = Check(HERE + "removing", "only when the container exited (after a detach it "
                                        "keeps running)")
    if own_pod:
        removals = (("rmstop", "RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod_ref}),
                    ("rmpod", "RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod_ref}))
    else:
        removals = (("rmctr", "RuntimeService.RemoveContainer", {"container_id": cid}),)
    for index, (key, rpc, request) in enumerate(removals, 1):
        plan.add(Step(key, rpc, request, held=True, when=removing,
                      keep=index == len(removals),
                      why=("--rm: the container goes with its pod" if own_pod else
                           "--rm: the container goes; the pod it joined stays",)))


def _completions(intent):
    what = ["the COMMAND label from the image's default command (steps 1-4)"]
    if _unpublished(intent):
        what.append("a free host port on the node for each -p without one (CRI publishes "
                    "nothing for host port 0)")
    if intent.opt("volumes_from"):
        what.append("the mounts of the --volumes-from containers")
    if any(str(v).startswith("container:") for v in (intent.opt("network"), intent.opt("ipc"),
                                                     intent.opt("pid")) if v):
        what.append("the joined container's ids")
    what.append("both configs recorded in the pod's annotation %s" % CONTAINER_CONFIG_ANNOTATION)
    return what


def _image_steps(plan, intent, image_ref, run):
    missing = Check(HERE + "image_missing", "only when step 1 finds no image")
    plan.add(Step("image", "ImageService.ImageStatus", {"image": {"image": image_ref},
                                                        "verbose": True},
                  why=("is the image here? its config gives the default command",)))
    plan.add(Step("unable", node=NODE + "say", when=missing,
                  args=("Unable to find image '%s' locally" % intent.args[0],),
        action="print \"Unable to find image '%s' locally\"" % intent.args[0]))
    plan.add(Step("pull", "ImageService.PullImage", {
        "image": {"image": image_ref},
        "auth": Computed(HERE + "auth_for", "docker's credentials for that registry, if any",
                         (intent.args[0],))},
        when=missing, errors=HERE + "pull_failure", args=(run,),
        during=Check("dockercri.render.progress:on_stderr", "on stderr, " + PULL_PROGRESS,
                     (intent.args[0],)),
        why=("docker pulls a missing image before creating the container",)))
    plan.add(Step("pulled", "ImageService.ImageStatus", {"image": {"image": image_ref},
                                                         "verbose": True},
                  when=missing, why=("the pulled image's config",)))
    plan.add(Step("downloaded", node=NODE + "say", when=missing,
                  args=("Status: Downloaded newer image for %s" % intent.args[0],),
        action="print \"Status: Downloaded newer image for %s\"" % intent.args[0]))


def _lookup_steps(plan, intent, joins, run):
    sources = [raw.split(":")[0] for raw in intent.opt("volumes_from") or ()]
    targets = [("join", joins.get("network") or joins.get("ipc")), ("pidtarget", joins.get("pid"))]
    if not sources and not any(target for _, target in targets):
        return
    list_containers(plan)
    for key, target in targets:
        if target:
            plan.add(Step(key, pick=Pick("container", target, sandboxes=True),
                          errors=HERE + "lookup_failure",
                          args=(target, run), why=(
                              "--network/--ipc container:%s: the new container joins that "
                              "container's pod sandbox instead of getting its own" % target
                              if key == "join" else "--pid container:%s: namespace_options.pid "
                              "is TARGET with that container's id as target_id" % target,)))
        if key == "join" and target:
            plan.add(Step("sandbox", "RuntimeService.PodSandboxStatus", {
                "pod_sandbox_id": Ref("join", "pod_sandbox_id", "pod sandbox id"),
                "verbose": True}, why=("CreateContainer needs the joined pod's config",)))
    for index, source in enumerate(sources, 1):
        plan.add(Step("from%d" % index, pick=Pick("container", source),
                      errors=HERE + "lookup_failure", args=(source, run)))
        plan.add(Step("fromstatus%d" % index, "RuntimeService.ContainerStatus",
                      {"container_id": Ref("from%d" % index, "id", "container id")},
                      why=("--volumes-from: its mounts are repeated in this container's "
                           "config",)))


def _sandbox_steps(plan, joins, handler, run, own_pod, name):
    if not own_pod:
        plan.add(Step("logdir", node=NODE + "prepare_log_dir", action=(
            "make the folder of the container's log file in the joined pod's log directory")))
        return Ref("join", "pod_sandbox_id", "pod sandbox id")
    request = {"config": Ref("configs", "pod", "contents of pod-config.json")}
    if handler:
        request["runtime_handler"] = handler
    plan.add(Step("logdir", node=NODE + "prepare_log_dir", action=(
        "make the pod's log directory (the kubelet does that for its pods)")))
    pod_id = Ref("pod", "pod_sandbox_id", "pod sandbox id")
    plan.add(Step("pod", "RuntimeService.RunPodSandbox", request, held=True,
                  errors=HERE + "name_conflict", args=(run,),
                  undo=(Step("pod", "RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod_id}),
                        Step("pod", "RuntimeService.RemovePodSandbox",
                             {"pod_sandbox_id": pod_id})),
                  why=("each docker container gets a pod sandbox of its own; the pod's uid "
                       "comes from the name, so the runtime refuses a second pod of that name",)))
    _conflict_steps(plan, "pod", run, Check(HERE + "pod_conflict",
                                            "only when the runtime holds that name"), name)
    plan.add(Step("stalelog", node=NODE + "drop_stale_log", action=(
        "remove a log file a removed container of the same name left in the pod's log "
        "folder")))
    return pod_id


def _conflict_steps(plan, key, run, when, name):
    plan.add(Step("holder_" + key, "RuntimeService.ListContainers", {
        "filter": {"label_selector": {NAME_LABEL: name}}},
        when=when, why=("docker names the container that holds the name",)))
    plan.add(Step("conflict_" + key, node=NODE + "refuse_conflict", args=(key, run), when=when,
                  action="refuse with docker's Conflict message"))


def _unpublished(intent):
    return any(m["host_port"] == 0 for raw in intent.opt("publish") or ()
               for m in transforms.port_specs(raw))


def _foreground_line(intent):
    """How crictl follows a container run in the foreground. With -i, -t or -a stdin it is
    crictl attach with the same -i/-t (crictl run has no -i/-t of its own, so the container
    is attached to right after it starts); otherwise its output is followed from the log,
    which, unlike an attach after the start, misses nothing a short command prints."""
    stdin = bool(intent.opt("interactive")) or "stdin" in (intent.opt("attach") or ())
    tty = bool(intent.opt("tty"))
    if stdin or tty:
        return crictl_line("crictl attach", "-i" if stdin else "", "-t" if tty else "",
                           "<container id>")
    return "crictl logs -f <container id>"


def _crictl_lines(plan, intent, run, image_ref, joins):
    plan.crictl.append("crictl pull %s   # only if the image is missing" % image_ref)
    handler = " --runtime %s" % intent.opt("runtime") if intent.opt("runtime") else ""
    if joins.get("network") or joins.get("ipc"):
        plan.crictl.append("crictl create <pod id of %s> container-config.json pod-config.json"
                           % (joins.get("network") or joins.get("ipc")))
        if run:
            plan.crictl.append("crictl start <container id>")
    elif run:
        plan.crictl.append("crictl run%s container-config.json pod-config.json" % handler)
    else:
        plan.crictl.append("crictl runp%s pod-config.json" % handler)
        plan.crictl.append("crictl create <pod id> container-config.json pod-config.json")
    if run and not intent.opt("detach"):
        plan.crictl.append(_foreground_line(intent))
        if intent.opt("rm"):
            plan.crictl.append("crictl rm <container id>" if joins.get("network") or
                               joins.get("ipc") else "crictl rmp -f <pod id>")
