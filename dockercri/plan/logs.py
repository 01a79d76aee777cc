"""logs: CRI has no log RPC; the runtime names a file and dockercri reads it."""

from dockercri.plan.common import crictl_line, start
from dockercri.plan.model import Pick, Ref, Step


def plan_logs(intent, command):
    plan = start(command, intent)
    name = intent.args[0]
    plan.add(Step("find", "RuntimeService.ListContainers", {}, pick=Pick("container", name)))
    plan.add(Step("status", "RuntimeService.ContainerStatus",
                  {"container_id": Ref("find", "id", "container id"), "verbose": False},
                  why=("status.log_path names the container's log file",)))
    what = ["read the file at status.log_path from step 2 (CRI log format: "
            "timestamp, stream, P/F tag, content)"]
    if intent.opt("tail") not in (None, "all"):
        what.append("--tail: read backwards from the end of the file, never the whole file")
    if intent.opt("follow"):
        what.append("-f: keep reading appended lines (across log rotation) until the container "
                    "exits, polling ContainerStatus for its state")
    plan.add(Step("read", None, action="; ".join(what)))
    tail = intent.opt("tail")
    plan.crictl.append(crictl_line(
        "crictl logs", "-f" if intent.opt("follow") else "",
        "--tail %s" % tail if tail not in (None, "all") else "",
        "--since %s" % intent.opt("since") if intent.opt("since") else "",
        "-t" if intent.opt("timestamps") else "", name))
    return plan
