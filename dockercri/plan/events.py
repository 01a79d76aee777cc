"""events: CRI's event stream (GetContainerEvents) is not in containerd 1.6, so dockercri
watches ListContainers and turns what changed into docker's container events."""

from dockercri.plan.invalid import rejects
from dockercri.plan.common import start
from dockercri.plan.model import Check, Step

POLL_SECONDS = 1.0


@rejects
def plan_events(intent, command):
    from dockercri.node.events import validate
    validate(intent)  # bad filters and times fail before any call, as docker's do
    plan = start(command, intent)
    plan.add(Step("watcher", node="dockercri.node.events:start_watch", args=(intent,),
                  action="read --since, --until, --filter and --format"))
    plan.add(Step("first", "RuntimeService.ListContainers", {},
                  why=("the containers there are now; with --since, their creation times are the "
                       "create events since then",)))
    plan.add(Step("past", node="dockercri.node.events:replay",
                  action="print the events since --since, rebuilt from step 1's times",
                  when=Check("dockercri.node.events:has_since", "only with --since")))
    plan.add(Step("watch", "RuntimeService.ListContainers", {},
                  until=Check("dockercri.node.events:emit_until",
                              "print what changed since the last poll (create, start, die, "
                              "destroy); repeat until --until passes or forever"),
                  interval=POLL_SECONDS,
                  when=Check("dockercri.node.events:until_ahead",
                             "unless --until is already past"),
                  why=("polled every %g s: containerd 1.6 has no GetContainerEvents" % POLL_SECONDS,)))
    plan.add(Step("exit", "RuntimeService.ContainerStatus",
                  {"container_id": "<each container seen to exit>"},
                  on_demand="called for each container a poll finds exited: die's exitCode",
                  why=("ListContainers has no exit code",)))
    plan.crictl.append("crictl events   # runtimes with GetContainerEvents (containerd 1.7+)")
    return plan
