"""Refusals decided from what earlier steps returned: docker's daemon would refuse
these, so dockercri does, before acting."""

from dockercri import names
from dockercri.errors import AmbiguousName, DockerCLIError, NoSuchObject, daemon_error

RUNNING, EXITED = 1, 2


def _state(context, status_key):
    status = context[status_key]
    return None if status is None else status.status.state


def require_running(context, request, status_key, name, sandbox_key=None):
    sandbox = context[sandbox_key] if sandbox_key else None
    if sandbox is not None:
        if sandbox.status.state != 0:  # SANDBOX_NOTREADY
            raise daemon_error("Cannot kill container: %s: Container %s is not running"
                               % (name, sandbox.status.id))
        return
    if _state(context, status_key) != RUNNING:
        raise daemon_error("Cannot kill container: %s: Container %s is not running"
                           % (name, context[status_key].status.id))


class OrphanPod:
    """A pod of dockercri's that holds a docker name but has no container: what a run cut
    short by a runtime crash leaves. run's conflict message names it; rm removes it."""

    def __init__(self, pod):
        self.id = pod.id
        self.pod_sandbox_id = pod.id
        self.labels = dict(pod.labels)
        self.metadata = pod.metadata


def is_container(context, find_key):
    found = context[find_key]
    return not isinstance(found, OrphanPod) and not names.is_sandbox(found)


def find_for_rm(context, request, name):
    """rm says "Error: No such container" where the other verbs say "Error response from
    daemon"; a name held by an orphaned pod of dockercri's finds that pod."""
    containers = list(context["containers"].containers)
    pods = list(context["pods"].items)
    try:
        return names.pick_container(name, containers, pods, sandboxes=True)
    except AmbiguousName:
        raise daemon_error("Multiple IDs found with provided prefix: %s" % name)
    except NoSuchObject:
        managed = [pod for pod in pods if names.is_managed(pod)]
        try:
            pod = names.pick_pod(name, managed)
        except DockerCLIError:
            pod = None
        if pod is not None and not any(c.pod_sandbox_id == pod.id for c in containers):
            return OrphanPod(pod)
        raise DockerCLIError("Error: No such container: %s" % name, exit_code=1)


def refuse_running(context, request, status_key, find_key):
    found = context[find_key]
    state = found.state if names.is_sandbox(found) else _state(context, status_key)
    if state == RUNNING:
        raise daemon_error(
            "You cannot remove a running container %s. Stop the container before attempting "
            "removal or force remove" % context[find_key].id)


def refuse_kubelet_start(context, request, status_key, find_key, stop_key=None):
    exited = _state(context, status_key) == EXITED or (stop_key and stop_key in context.results)
    container = context[find_key]
    if exited and not names.is_managed(container):
        raise daemon_error(
            "container %s has exited and CRI cannot start it again; it belongs to a kubelet "
            "pod, and the kubelet creates its replacement" % container.id[:12])


def refuse_sandbox(context, request, find_key, verb):
    raise daemon_error(
        "cannot %s %s: it is the sandbox of kubelet pod %s, and CRI cannot start a pod "
        "sandbox again; stop it (`docker stop`) and the kubelet makes a new one"
        % (verb, names.sandbox_name(context[find_key].pod), context[find_key].metadata.name))


SANDBOX_STREAMS = {
    # verb: (what CRI does instead, what to do, exit status)
    "exec": ("CRI runs commands only in a pod's containers (Exec and ExecSync take a "
             "container id), and a pause image has no programs to run",
             "on the node, nsenter -t PID -a COMMAND (PID: docker inspect -f "
             "'{{.State.Pid}}' %(name)s), or docker run --rm -it --net container:%(name)s "
             "--pid container:%(name)s IMAGE sh", 126),
    "attach": ("CRI attaches only to a pod's containers, and the pause process writes "
               "nothing", "docker logs -f, or docker attach, one of the pod's containers "
               "(docker ps --filter label=io.kubernetes.pod.uid=%(uid)s)", 1),
}


def refuse_sandbox_stream(context, request, find_key, verb):
    """exec and attach of a kubelet pod's sandbox: found by its k8s_POD_ name, as under
    dockershim, but CRI streams only to containers."""
    sandbox = context[find_key]
    why, instead, code = SANDBOX_STREAMS[verb]
    name = names.sandbox_name(sandbox.pod)
    raise DockerCLIError(
        "Error response from daemon: cannot %s %s %s: it is the sandbox of kubelet pod %s; "
        "%s.\nInstead: %s" % (verb, "in" if verb == "exec" else "to", name,
                               sandbox.metadata.name, why,
                               instead % {"name": name, "uid": sandbox.metadata.uid}),
        exit_code=code)
