"""stop, kill, rm, start, restart, wait, container prune: per-container CRI sequences.

docker's container is, for dockercri, a pod sandbox holding one container, so
removing it removes the pod. Containers the kubelet manages live in pods that
are not ours: dockercri acts on the container alone and never removes their pod.

Each named container is a group of steps: a failure (no such container, not
running) ends that name's steps only, and docker goes on to the next name.
Conditions are functions of this module, so explain and the executor read the
same ones.
"""

from dockercri import names
from dockercri.labels import MANAGED_LABEL, STOP_TIMEOUT_LABEL
from dockercri.plan.common import crictl_line, find_container, list_containers, start
from dockercri.plan.model import Check, Computed, Ref, Step
from dockercri.plan.starting import start_steps, state_is

DEFAULT_STOP_TIMEOUT = 10
CREATED, RUNNING, EXITED = 0, 1, 2
HERE = "dockercri.plan.lifecycle:"


def stop_timeout(intent):
    value = intent.opt("time")
    return DEFAULT_STOP_TIMEOUT if value is None else int(value)


def signal_name(text):
    """docker accepts KILL, SIGKILL, kill or 9; returns the bare upper-case name or number."""
    text = str(text).strip().upper()
    return text[3:] if text.startswith("SIG") else text


# -- conditions and computed values (called by the executor) ---------------------------
def is_sandbox(context, find_key):
    return names.is_sandbox(context[find_key])


def is_container(context, find_key):
    return not names.is_sandbox(context[find_key])


def owns_pod(context, find_key):
    """Removing it removes a pod: dockercri's own container, or a kubelet pod's sandbox."""
    found = context[find_key]
    return names.owns_pod(found) or names.is_sandbox(found)


def shares_pod(context, find_key):
    return not owns_pod(context, find_key)


def made_here(context, find_key):
    return names.is_managed(context[find_key])


def running_in_shared_pod(context, find_key, status_key):
    return shares_pod(context, find_key) and state_is(context, status_key, RUNNING)


def recorded_stop_timeout(context, find_key):
    return int(context[find_key].labels.get(STOP_TIMEOUT_LABEL, DEFAULT_STOP_TIMEOUT))


def not_running_own(context):
    if context.item.state == RUNNING or not names.owns_pod(context.item):
        return False
    chosen = context["filters"]
    if chosen is None:
        return True
    from dockercri import filters
    wanted, until_ns = chosen
    return filters.prune_selects(dict(context.item.labels), context.item.created_at, wanted,
                                 until_ns)


def pid_of(context, *status_keys):
    from dockercri.verbose import verbose_info
    for key in status_keys:
        if context[key] is not None:
            return int((verbose_info(context[key]) or {}).get("pid") or 0)
    return 0


# -- planners ----------------------------------------------------------------------------
def _each_name(plan, intent, sandboxes=True):
    list_containers(plan)
    for index, name in enumerate(intent.args, 1):
        yield index, name, find_container(plan, name, index, sandboxes=sandboxes)


def _sandbox_note(plan):
    plan.notes.append("A kubelet pod's sandbox is a container here, as under dockershim "
                      "(k8s_POD_<pod>_<namespace>_<uid>_<attempt>): acting on it acts on the "
                      "pod sandbox, and the kubelet re-creates the pod.")


def plan_stop(intent, command):
    plan = start(command, intent)
    for index, name, found in _each_name(plan, intent):
        timeout = stop_timeout(intent) if intent.has("time") else Computed(
            HERE + "recorded_stop_timeout", "the container's --stop-timeout, else 10",
            (found,))
        plan.add(Step("stop%d" % index, "RuntimeService.StopContainer",
                      {"container_id": Ref(found, "id", "container id"), "timeout": timeout},
                      group=index, when=Check(HERE + "is_container", "only for a container",
                                              (found,)),
                      why=("SIGTERM (or the image's stop signal), SIGKILL after the timeout",)))
        plan.add(Step("stoppod%d" % index, "RuntimeService.StopPodSandbox",
                      {"pod_sandbox_id": Ref(found, "id", "pod sandbox id")}, group=index,
                      when=Check(HERE + "is_sandbox", "only for a kubelet pod's sandbox "
                                 "(k8s_POD_...)", (found,)),
                      why=("the sandbox stops with its pod's containers, as the pause "
                           "container's end did under dockershim",)))
        plan.crictl.append(crictl_line("crictl stop", "--timeout %d" % stop_timeout(intent)
                                       if intent.has("time") else "", name))
    _sandbox_note(plan)
    return plan


def plan_kill(intent, command):
    plan = start(command, intent)
    signal = signal_name(intent.opt("signal") or "KILL")
    kill = signal in ("KILL", "9")
    list_containers(plan)
    for index, name in enumerate(intent.args, 1):
        found = find_container(plan, name, index, errors="dockercri.errors:kill_lookup",
                               sandboxes=True)
        status = "status%d" % index
        container = Check(HERE + "is_container", "only for a container", (found,))
        sandbox = Check(HERE + "is_sandbox", "only for a kubelet pod's sandbox (k8s_POD_...)",
                        (found,))
        plan.add(Step(status, "RuntimeService.ContainerStatus",
                      {"container_id": Ref(found, "id", "container id"), "verbose": not kill},
                      group=index, when=container,
                      why=("only a running container can be killed",) + (
                          () if kill else ("the verbose info holds the container's main pid "
                                           "on this node",))))
        plan.add(Step("sandbox%d" % index, "RuntimeService.PodSandboxStatus",
                      {"pod_sandbox_id": Ref(found, "id", "pod sandbox id"),
                       "verbose": not kill}, group=index, when=sandbox,
                      why=("a sandbox is running while its pod is ready; the verbose info "
                           "holds the pause process's pid",)))
        plan.add(Step("running%d" % index, node="dockercri.node.checks:require_running",
                      args=(status, name, "sandbox%d" % index), group=index,
                      action="refuse unless step %d (or %d) says it is running"
                      % (plan.numbers()[status], plan.numbers()["sandbox%d" % index])))
        if kill:
            plan.add(Step("kill%d" % index, "RuntimeService.StopContainer",
                          {"container_id": Ref(found, "id", "container id"), "timeout": 0},
                          group=index, when=container,
                          why=("a zero timeout makes the runtime send SIGKILL at once",)))
            plan.add(Step("killpod%d" % index, "RuntimeService.StopPodSandbox",
                          {"pod_sandbox_id": Ref(found, "id", "pod sandbox id")}, group=index,
                          when=sandbox, why=("a killed pause container ended its pod sandbox",)))
            plan.crictl.append("crictl stop --timeout 0 %s" % name)
        else:
            plan.add(Step("signal%d" % index, node="dockercri.node.signals:send",
                          request={"pid": Computed(HERE + "pid_of", "the pid from step %d or %d"
                                                   % (plan.numbers()[status],
                                                      plan.numbers()["sandbox%d" % index]),
                                                   (status, "sandbox%d" % index)),
                                   "signal": signal},
                          args=(name,), group=index, action=(
                              "send SIG%s to that pid from this node (CRI has no signal RPC; "
                              "dockercri runs on the node, so it signals the process directly)"
                              % signal)))
            plan.crictl.append("crictl inspect --output go-template --template '{{.info.pid}}' "
                               "%s | xargs kill -s %s" % (name, signal))
    _sandbox_note(plan)
    return plan


def plan_rm(intent, command):
    plan = start(command, intent)
    force = bool(intent.opt("force"))
    plan.parallel = 8
    list_containers(plan)
    for index, name in enumerate(intent.args, 1):
        found = "find%d" % index
        plan.add(Step(found, node="dockercri.node.checks:find_for_rm", args=(name,), group=index,
                      action='find the container whose id, unique id prefix or name is "%s" in '
                             "the lists of steps 1 and 2 (or a pod of dockercri's that lost its "
                             "container to a runtime crash)" % name))
        status = "status%d" % index
        plan.add(Step(status, "RuntimeService.ContainerStatus",
                      {"container_id": Ref(found, "id", "container id")}, group=index,
                      when=Check("dockercri.node.checks:is_container", "only for a container "
                                 "(not a kubelet pod's sandbox)", (found,)),
                      errors="dockercri.errors:gone_meanwhile", args=(name,),
                      why=("CRI's RemoveContainer removes even a running container: docker "
                           "refuses that without -f",)))
        if not force:
            plan.add(Step("refuse%d" % index, node="dockercri.node.checks:refuse_running",
                          args=(status, found), group=index,
                          action="refuse a running container without -f, as docker does"))
        own = Check(HERE + "owns_pod", "only for a container with a pod of its own (made "
                    "by dockercri) or a kubelet pod's sandbox", (found,))
        shared = Check(HERE + "shares_pod", "only for a container in a pod it does not own "
                       "(the kubelet's): its pod is left alone", (found,))
        pod = Ref(found, "pod_sandbox_id", "pod sandbox id")
        cid = Ref(found, "id", "container id")
        for key, rpc, request, when in (
                ("stoppod", "RuntimeService.StopPodSandbox", {"pod_sandbox_id": pod}, own),
                ("rmpod", "RuntimeService.RemovePodSandbox", {"pod_sandbox_id": pod}, own),
                ("stopctr", "RuntimeService.StopContainer", {"container_id": cid, "timeout": 0},
                 Check(HERE + "running_in_shared_pod", "only for a running container in a pod "
                       "it does not own", (found, status))),
                ("rmctr", "RuntimeService.RemoveContainer", {"container_id": cid}, shared)):
            plan.add(Step("%s%d" % (key, index), rpc, request, when=when, group=index,
                          held=True, lock=pod, args=(name,),
                          errors="dockercri.errors:" + ("removed_with_its_pod" if key == "rmctr"
                                                        else "gone_meanwhile")))
        plan.add(Step("forget%d" % index, node="dockercri.node.files:forget", args=(found,),
                      when=Check(HERE + "made_here", "only for what dockercri made", (found,)),
                      group=index,
                      action="remove the files dockercri keeps for it (its hosts file, its log "
                             "folder), as docker's rm does"))
        plan.crictl.append(crictl_line("crictl rm", "-f" if force else "", name))
        plan.crictl.append("crictl rmp -f <pod id of %s>   # a container dockercri made" % name)
    plan.notes.append("Up to 8 names are removed at once; Ctrl-C lets the removals under way "
                      "finish and begins no other.")
    return plan


def _refuse_sandbox(plan, index, found, verb):
    plan.add(Step("sandboxref%d" % index, node="dockercri.node.checks:refuse_sandbox",
                  args=(found, verb), group=index,
                  when=Check(HERE + "is_sandbox", "only for a kubelet pod's sandbox", (found,)),
                  action="refuse: CRI cannot start a pod sandbox again; the kubelet makes a new "
                         "one when this one stops (`docker stop` it)"))


def plan_start(intent, command):
    plan = start(command, intent)
    if intent.opt("attach") or intent.opt("interactive"):
        from dockercri.plan.streams import plan_start_attached
        return plan_start_attached(intent, command, plan)
    for index, name, found in _each_name(plan, intent):
        _refuse_sandbox(plan, index, found, "start")
        status = "status%d" % index
        plan.add(Step(status, "RuntimeService.ContainerStatus",
                      {"container_id": Ref(found, "id", "container id")}, group=index))
        start_steps(plan, index, name, found, status)
        plan.crictl.append("crictl start %s" % name)
    plan.notes.append("CRI cannot start an exited container again. For a dockercri container, "
                      "start re-creates it from its recorded configuration in the same pod, under "
                      "the same name (RemoveContainer, CreateContainer, StartContainer): its id "
                      "changes. For a kubelet container, the kubelet makes the replacement.")
    return plan


def plan_restart(intent, command):
    plan = start(command, intent)
    for index, name, found in _each_name(plan, intent):
        _refuse_sandbox(plan, index, found, "restart")
        status, stop = "status%d" % index, "stop%d" % index
        plan.add(Step(status, "RuntimeService.ContainerStatus",
                      {"container_id": Ref(found, "id", "container id")}, group=index))
        plan.add(Step(stop, "RuntimeService.StopContainer",
                      {"container_id": Ref(found, "id", "container id"),
                       "timeout": stop_timeout(intent)}, group=index,
                      when=Check("dockercri.plan.starting:state_is", "only when it is running",
                                 (status, RUNNING))))
        start_steps(plan, index, name, found, status, stop, kubelet=False)
        plan.add(Step("replaced%d" % index, "RuntimeService.ListContainers", {
            "filter": {"pod_sandbox_id": Ref(found, "pod_sandbox_id", "pod sandbox id"),
                       "state": {"state": "CONTAINER_RUNNING"}}}, group=index,
            when=Check(HERE + "kubelets", "only for a kubelet container", (found,)),
            until=Check(HERE + "replacement_runs", "until the kubelet's replacement (same "
                        "container name, a later attempt) runs", (found,)),
            interval=0.5, timeout=kubelet_wait(), errors="dockercri.errors:no_replacement",
            args=(name,), why=("CRI cannot start a kubelet's container again: the kubelet "
                               "makes a new one once it has stopped",)))
        plan.crictl.append("crictl stop %s && crictl rm %s && crictl create <pod id> "
                           "container-config.json pod-config.json && crictl start <new id>"
                           % (name, name))
    plan.notes.append("A kubelet container is stopped and dockercri waits (up to %gs, "
                      "DOCKERCRI_KUBELET_WAIT) for the kubelet to run its replacement."
                      % kubelet_wait())
    return plan


def kubelet_wait():
    import os
    return float(os.environ.get("DOCKERCRI_KUBELET_WAIT") or 60)


def kubelets(context, find_key):
    found = context[find_key]
    return not names.is_managed(found) and not names.is_sandbox(found)


def replacement_runs(context, find_key):
    old = context[find_key]
    return any(c.metadata.name == old.metadata.name and c.metadata.attempt > old.metadata.attempt
               for c in context[context.step.key].containers)


def sandbox_not_ready(context):
    return context[context.step.key].status.state != 0


def exited(context):
    return context[context.step.key].status.state == EXITED


def plan_wait(intent, command):
    plan = start(command, intent)
    for index, name, found in _each_name(plan, intent):
        plan.add(Step("waitpod%d" % index, "RuntimeService.PodSandboxStatus",
                      {"pod_sandbox_id": Ref(found, "id", "pod sandbox id")}, group=index,
                      when=Check(HERE + "is_sandbox", "only for a kubelet pod's sandbox",
                                 (found,)),
                      until=Check(HERE + "sandbox_not_ready", "until its pod is no longer "
                                  "ready; prints 0 (CRI keeps no exit code for a sandbox)")))
        plan.add(Step("wait%d" % index, "RuntimeService.ContainerStatus",
                      {"container_id": Ref(found, "id", "container id")}, group=index,
                      when=Check(HERE + "is_container", "only for a container", (found,)),
                      until=Check(HERE + "exited", "until status.state is CONTAINER_EXITED; "
                                  "prints exit_code")))
        plan.crictl.append("crictl inspect -o go-template --template '{{.status.exitCode}}' %s"
                           % name)
    plan.notes.append("CRI has no wait RPC: dockercri polls ContainerStatus.")
    return plan


def plan_container_prune(intent, command):
    plan = start(command, intent)
    managed = {"filter": {"label_selector": {MANAGED_LABEL: "true"}}}
    plan.add(Step("containers", "RuntimeService.ListContainers", managed,
                  why=("only dockercri's own containers; kubelet pods are never touched",)))
    stopped = Check(HERE + "not_running_own", "that is not running and has a pod of its own")
    if intent.opt("filter"):
        plan.add(Step("filters", node="dockercri.node.prune:container_filters",
                      request={"filters": list(intent.opt("filter"))}, action=(
                          "read --filter (label=, label!=, until=) as docker's daemon does; an "
                          "unknown key or a second until= ends the command before anything "
                          "is removed")))
        stopped = Check(HERE + "not_running_own", "that is not running, has a pod of its own "
                        "and matches the filters")
    each = Ref("containers", "containers", "the containers")
    for key, rpc in (("stoppods", "RuntimeService.StopPodSandbox"),
                     ("rmpods", "RuntimeService.RemovePodSandbox")):
        plan.add(Step(key, rpc, {"pod_sandbox_id": Ref("@each", "pod_sandbox_id", "its pod")},
                      each=each, where=stopped, held=True,
                      errors="dockercri.errors:tolerate_gone"))
    plan.add(Step("forget", node="dockercri.node.files:forget_each", each=each, where=stopped,
                  action="remove the files dockercri keeps for each (hosts file, log folder)"))
    plan.crictl.append("crictl rm $(crictl ps -a -q --state exited --label %s=true)"
                       % MANAGED_LABEL)
    return plan
