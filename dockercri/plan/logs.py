"""logs: CRI has no log RPC; the runtime names a file and dockercri reads it."""

from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Check, Pick, Ref, Step

LOGS = "dockercri.commands.logs:"


def find_container(plan, name, key="find", group=None, errors="dockercri.errors:exec_lookup",
                   sandboxes=False):
    """The steps that resolve a docker container name: the lists, then the pick."""
    suffix = key[len("find"):]
    plan.add(Step("pods" + suffix, "RuntimeService.ListPodSandbox", {}, group=group,
                  why=("kubelet containers go by their dockershim names, made from their "
                       "pod's metadata",)))
    plan.add(Step("containers" + suffix, "RuntimeService.ListContainers", {}, group=group))
    plan.add(Step(key, pick=Pick("container", name, "containers" + suffix, "pods" + suffix,
                                 sandboxes=sandboxes),
                  group=group, errors=errors, args=(name,)))
    return Ref(key, "id", "container id")


def plan_logs(intent, command):
    plan = start(command, intent)
    name = intent.args[0]
    follow = bool(intent.opt("follow"))
    # "Error: No such container", as exec says it; a kubelet pod's sandbox (k8s_POD_...)
    # is a container whose log is empty, as the pause container's was under dockershim
    container = find_container(plan, name, sandboxes=True)
    is_container = Check("dockercri.plan.lifecycle:is_container", "only for a container (a "
                         "pod's sandbox writes no log: nothing is printed)", ("find",))
    plan.add(Step("status", "RuntimeService.ContainerStatus",
                  {"container_id": container, "verbose": False}, when=is_container,
                  why=("status.log_path names the container's log file",)))
    what = ["read the file at status.log_path (CRI log format: timestamp, stream, P/F tag, "
            "content)"]
    if intent.opt("tail") not in (None, "all"):
        what.append("--tail: read backwards from the end of the file, never the whole file")
    if follow:
        what.append("-f: go on reading appended lines (across log rotation) while the next "
                    "step waits")
    plan.add(Step("read", node=LOGS + "read_log", action="; ".join(what), when=is_container,
                  request={
        "path": Ref("status", "status.log_path", "log path"),
        "state": Ref("status", "status.state", "container state"),
        "container_id": container, "follow": follow, "tail": intent.opt("tail"),
        "since": intent.opt("since"), "until": intent.opt("until"),
        "timestamps": bool(intent.opt("timestamps")),
        "details": bool(intent.opt("details"))}))
    if follow:
        plan.add(Step("wait", "RuntimeService.ContainerStatus", {"container_id": container},
                      when=is_container, until=Check(LOGS + "follow_ends", "until the container is no longer "
                                  "running (or --until has passed)"),
                      interval=0.25, errors="dockercri.errors:tolerate_gone",
                      why=("-f: docker's follow ends when the container exits",)))
        plan.add(Step("drain", node=LOGS + "finish_follow", when=is_container,
                      action="-f: read what the container wrote last, then stop reading"))
    tail = intent.opt("tail")
    plan.crictl.append(crictl_line(
        "crictl logs", "-f" if follow else "",
        "--tail %s" % tail if tail not in (None, "all") else "",
        "--since %s" % intent.opt("since") if intent.opt("since") else "",
        "-t" if intent.opt("timestamps") else "", name))
    return plan
