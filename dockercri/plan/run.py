"""run and create: ImageStatus, PullImage when missing, RunPodSandbox, CreateContainer,
StartContainer; the crictl files are the very configs sent."""

import os

from dockercri import names, namegen
from dockercri.mapping import transforms
from dockercri.plan import run_config
from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Pick, Ref, Step


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


def _plan(intent, command, run, environ=None, image_config=None, name=None, free_port=None):
    """environ, image_config and free_port are known only when executing; explain plans
    without them (host ports left 0, COMMAND label from the typed arguments)."""
    plan = start(command, intent)
    environ = os.environ if environ is None else environ
    name = name or docker_name(intent)
    image_ref = names.normalise_reference(intent.args[0])
    pod, container, handler, joins = run_config.build(intent, name, image_ref, environ,
                                                      image_config, free_port)
    plan.add(Step("image", "ImageService.ImageStatus", {"image": {"image": image_ref},
                                                        "verbose": True},
                  why=("is the image here? its config gives the default command",)))
    plan.add(Step("pull", "ImageService.PullImage", {"image": {"image": image_ref}},
                  action="only when step 1 finds no image",
                  why=("docker pulls a missing image before creating the container",)))
    _local_steps(plan, intent, name)
    pod_ref = _sandbox_steps(plan, pod, handler, joins, container)
    create = {"pod_sandbox_id": pod_ref, "config": container, "sandbox_config": pod}
    plan.add(Step("create", "RuntimeService.CreateContainer", create))
    plan.files["pod-config.json"] = pod
    plan.files["container-config.json"] = container
    cid = Ref("create", "container_id", "container id")
    if run:
        plan.add(Step("start", "RuntimeService.StartContainer", {"container_id": cid}))
        if not intent.opt("detach"):
            from dockercri.plan.streams import foreground_steps
            foreground_steps(plan, intent, cid)
            if intent.opt("rm"):
                plan.add(Step("rm", "RuntimeService.RemovePodSandbox",
                              {"pod_sandbox_id": pod_ref},
                              why=("--rm: after the exit (or Ctrl-C), StopPodSandbox then "
                                   "RemovePodSandbox remove the container with its pod",)))
    _crictl_lines(plan, intent, run, image_ref, joins)
    plan.notes.append("dockercri also records both configs in the pod's annotation "
                      "io.dockercri.container-config, so that start and restart can re-create "
                      "the container after it exits (CRI cannot start an exited one).")
    return plan


def _local_steps(plan, intent, name):
    for index, source in enumerate(intent.opt("volumes_from") or (), 1):
        plan.add(Step("from%d" % index, "RuntimeService.ListContainers", {},
                      pick=Pick("container", source.split(":")[0]),
                      why=("--volumes-from: its mounts (ContainerStatus.mounts) are repeated in "
                           "this container's config",)))
    if intent.opt("add_host"):
        plan.add(Step("hosts", None, action=(
            "write %s (localhost, the hostname, the --add-host entries); it is bind-mounted "
            "read-only at /etc/hosts" % run_config.hosts_file_path(name))))
    if any(m.get("host_port") == 0 for m in plan.files.get("pod-config.json", {})
           .get("port_mappings", [])) or _unpublished(intent):
        plan.notes.append("-p without a host port: dockercri picks a free port on the node "
                          "when it runs (CRI publishes nothing for host port 0).")


def _unpublished(intent):
    return any(m["host_port"] == 0 for raw in intent.opt("publish") or ()
               for m in transforms.port_specs(raw))


def _sandbox_steps(plan, pod, handler, joins, container):
    if joins.get("network") or joins.get("ipc"):
        target = joins.get("network") or joins.get("ipc")
        plan.add(Step("join", "RuntimeService.ListContainers", {}, pick=Pick("container", target),
                      why=("--network/--ipc container:%s: the new container joins that "
                           "container's pod sandbox instead of getting its own" % target,)))
        pod_ref = Ref("join", "pod_sandbox_id", "pod sandbox id of %s" % target)
    else:
        request = {"config": pod}
        if handler:
            request["runtime_handler"] = handler
        plan.add(Step("pod", "RuntimeService.RunPodSandbox", request,
                      why=("each docker container gets a pod sandbox of its own; the pod's uid "
                           "comes from the name, so the runtime refuses a second pod of that name",)))
        pod_ref = Ref("pod", "pod_sandbox_id", "pod sandbox id")
    if joins.get("pid"):
        target = joins["pid"]
        plan.add(Step("pidtarget", "RuntimeService.ListContainers", {},
                      pick=Pick("container", target),
                      why=("--pid container:%s: namespace_options.pid is TARGET with that "
                           "container's id as target_id" % target,)))
        options = container["linux"]["security_context"]["namespace_options"]
        options["pid"] = "TARGET"
        options["target_id"] = Ref("pidtarget", "id", "container id of %s" % target)
    return pod_ref


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
            plan.crictl.append("crictl rmp -f <pod id>")
