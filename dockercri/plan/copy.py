"""cp: find the container, ask for its state and root filesystem, copy on the node."""

from dockercri.plan.invalid import rejects
from dockercri.plan.common import start
from dockercri.plan.lookup import find_container
from dockercri.plan.model import Step


def split_argument(arg):
    """docker's splitCpArg: (container, path), container "" for a local path."""
    if arg.startswith("/"):
        return "", arg
    container, sep, path = arg.partition(":")
    if not sep or container.startswith("."):
        return "", arg
    return container, path


@rejects
def plan_cp(intent, command):
    from dockercri.errors import PlainError as DockerCLIError  # docker prints these bare

    src, dst = intent.args
    src_container, src_path = split_argument(src)
    dst_container, dst_path = split_argument(dst)
    if src_container and dst_container:
        raise DockerCLIError("copying between containers is not supported", exit_code=1)
    if not src_container and not dst_container:
        raise DockerCLIError("must specify at least one container source", exit_code=1)
    if (src_container and not src_path) or (dst_container and not dst_path):
        raise DockerCLIError("filepath can not be empty", exit_code=1)
    out = bool(src_container)
    name = src_container or dst_container
    plan = start(command, intent)
    ref = find_container(plan, name, sandboxes=True)
    # docker's client stats NAME:PATH first, so a missing container reads as a missing path
    plan.steps[-1] = plan.steps[-1].replace(
        request={"path": src_path if out else dst_path},
        errors="dockercri.plan.copy:no_such_path")
    root_status_steps(plan, ref)
    request = {"direction": "out" if out else "in", "container": name,
               "container_path": src_path if out else dst_path,
               "local_path": dst if out else src,
               "archive": bool(intent.opt("archive")), "follow_link": bool(intent.opt("follow_link"))}
    where = "/proc/PID/root, or the snapshot mounted with the command ctr snapshots mounts gives"
    action = ("tar %s from the container's root (%s) to %s" % (
        src_path, where, "standard output" if dst == "-" else dst) if out else
        "%s into %s in the container's root (%s)" % (
            "the tar stream on standard input" if src == "-" else src, dst_path, where))
    plan.add(Step("copy", node="dockercri.node.copy:copy", request=request, action=action,
                  why=("CRI has no call that reads or writes a container's files",)))
    plan.crictl.append("crictl exec %s tar ...   # needs tar in the image" % name)
    return plan


def root_status_steps(plan, ref, find_key="container"):
    """The verbose status that says where the root filesystem is: ContainerStatus, or
    for a kubelet pod's sandbox PodSandboxStatus (its pause process's root)."""
    from dockercri.plan.model import Check, Step
    plan.add(Step("status", "RuntimeService.ContainerStatus", {"container_id": ref, "verbose": True},
                  when=Check("dockercri.plan.lifecycle:is_container", "only for a container",
                             (find_key,)),
                  why=("running: its first pid (the root is /proc/PID/root); created or exited: "
                       "its snapshot key and snapshotter",)))
    plan.add(Step("sandbox", "RuntimeService.PodSandboxStatus",
                  {"pod_sandbox_id": ref, "verbose": True},
                  when=Check("dockercri.plan.lifecycle:is_sandbox", "only for a kubelet pod's "
                             "sandbox (k8s_POD_...)", (find_key,)),
                  why=("ready: its pause process's pid; otherwise its snapshot key",)))


def no_such_path(context, error):
    from dockercri.errors import DockerCLIError, NoSuchObject
    if not isinstance(error, NoSuchObject):
        return error
    return DockerCLIError("Error: No such container:path: %s:%s"
                          % (error.name, context.step.request["path"]), exit_code=1)
