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
from dockercri.plan.common import crictl_line, find_container, list_containers, start
from dockercri.plan.model import Check, Computed, Ref, Step

DEFAULT_STOP_TIMEOUT = 10
STOP_TIMEOUT_LABEL = "io.dockercri.stop-timeout"
CONTAINER_CONFIG_ANNOTATION = "io.dockercri.container-config"
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
def state_is(context, status_key, *states):
    status = context[status_key]
    return status is not None and status.status.state in states


def stopped_here_or_exited(context, status_key, stop_key):
    return stop_key in context.results or state_is(context, status_key, EXITED)


def recreatable(context, status_key, find_key, stop_key=None):
    """Exited (or stopped by this command) and made by dockercri: re-created in its pod."""
    exited = state_is(context, status_key, EXITED) or (stop_key and stop_key in context.results)
    return bool(exited) and names.is_managed(context[find_key])


def owns_pod(context, find_key):
    return names.owns_pod(context[find_key])


def shares_pod(context, find_key):
    return not names.owns_pod(context[find_key])


def running_in_shared_pod(context, find_key, status_key):
    return shares_pod(context, find_key) and state_is(context, status_key, RUNNING)


def recorded_stop_timeout(context, find_key):
    return int(context[find_key].labels.get(STOP_TIMEOUT_LABEL, DEFAULT_STOP_TIMEOUT))


def _recorded(context, pod_key):
    import json
    from dockercri.errors import daemon_error
    recorded = dict(context[pod_key].status.annotations).get(CONTAINER_CONFIG_ANNOTATION)
    if not recorded:
        raise daemon_error("container %s has no recorded configuration to re-create it from"
                           % context[pod_key].status.id[:12])
    return json.loads(recorded)


def recorded_container(context, pod_key, find_key):
    config = _recorded(context, pod_key)["container"]
    config["metadata"]["attempt"] = context[find_key].metadata.attempt + 1
    return config


def recorded_pod(context, pod_key):
    return _recorded(context, pod_key)["pod"]


def not_running_own(context):
    return context.item.state != RUNNING and names.owns_pod(context.item)


def pid_of(context, status_key):
    from dockercri.render.views import verbose_info
    return int((verbose_info(context[status_key]) or {}).get("pid") or 0)


# -- planners ----------------------------------------------------------------------------
def _each_name(plan, intent):
    list_containers(plan)
    for index, name in enumerate(intent.args, 1):
        yield index, name, find_container(plan, name, index)


def plan_stop(intent, command):
    plan = start(command, intent)
    for index, name, found in _each_name(plan, intent):
        timeout = stop_timeout(intent) if intent.has("time") else Computed(
            HERE + "recorded_stop_timeout", "the container's --stop-timeout, else 10",
            (found,))
        plan.add(Step("stop%d" % index, "RuntimeService.StopContainer",
                      {"container_id": Ref(found, "id", "container id"), "timeout": timeout},
                      group=index,
                      why=("SIGTERM (or the image's stop signal), SIGKILL after the timeout",)))
        plan.crictl.append(crictl_line("crictl stop", "--timeout %d" % stop_timeout(intent)
                                       if intent.has("time") else "", name))
    return plan


def plan_kill(intent, command):
    plan = start(command, intent)
    signal = signal_name(intent.opt("signal") or "KILL")
    kill = signal in ("KILL", "9")
    list_containers(plan)
    for index, name in enumerate(intent.args, 1):
        found = find_container(plan, name, index, errors="dockercri.errors:kill_lookup")
        status = "status%d" % index
        plan.add(Step(status, "RuntimeService.ContainerStatus",
                      {"container_id": Ref(found, "id", "container id"), "verbose": not kill},
                      group=index, why=("only a running container can be killed",) + (
                          () if kill else ("the verbose info holds the container's main pid "
                                           "on this node",))))
        plan.add(Step("running%d" % index, node="dockercri.node.checks:require_running",
                      args=(status, name), group=index,
                      action="refuse unless step %d says the container is running"
                      % plan.numbers()[status]))
        if kill:
            plan.add(Step("kill%d" % index, "RuntimeService.StopContainer",
                          {"container_id": Ref(found, "id", "container id"), "timeout": 0},
                          group=index,
                          why=("a zero timeout makes the runtime send SIGKILL at once",)))
            plan.crictl.append("crictl stop --timeout 0 %s" % name)
        else:
            plan.add(Step("signal%d" % index, node="dockercri.node.signals:send",
                          request={"pid": Computed(HERE + "pid_of", "the pid from step %d"
                                                   % plan.numbers()[status], (status,)),
                                   "signal": signal},
                          args=(name,), group=index, action=(
                              "send SIG%s to that pid from this node (CRI has no signal RPC; "
                              "dockercri runs on the node, so it signals the process directly)"
                              % signal)))
            plan.crictl.append("crictl inspect --output go-template --template '{{.info.pid}}' "
                               "%s | xargs kill -s %s" % (name, signal))
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
                      when=Check("dockercri.node.checks:is_container", "only for a container",
                                 (found,)),
                      errors="dockercri.errors:gone_meanwhile", args=(name,),
                      why=("CRI's RemoveContainer removes even a running container: docker "
                           "refuses that without -f",)))
        if not force:
            plan.add(Step("refuse%d" % index, node="dockercri.node.checks:refuse_running",
                          args=(status, found), group=index,
                          action="refuse a running container without -f, as docker does"))
        own = Check(HERE + "owns_pod", "only for a container with a pod of its own "
                    "(made by dockercri)", (found,))
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
                          held=True, errors="dockercri.errors:gone_meanwhile", args=(name,)))
        plan.add(Step("forget%d" % index, node="dockercri.node.files:forget", args=(found,),
                      when=own, group=index,
                      action="remove the files dockercri keeps for it (its hosts file, its log "
                             "folder), as docker's rm does"))
        plan.crictl.append(crictl_line("crictl rm", "-f" if force else "", name))
        plan.crictl.append("crictl rmp -f <pod id of %s>   # a container dockercri made" % name)
    plan.notes.append("Up to 8 names are removed at once; Ctrl-C lets the removals under way "
                      "finish and begins no other.")
    return plan


def current_id(context, find_key, create_key):
    created = context[create_key]
    return created.container_id if created is not None else context[find_key].id


def _start_steps(plan, index, name, found, status, stop=None, group=True):
    """Start a created container; re-create an exited one of dockercri's from its recorded
    configuration (CRI cannot start it again); refuse for a kubelet's."""
    numbers = plan.numbers
    group = index if group is True else group
    plan.add(Step("start%d" % index, "RuntimeService.StartContainer",
                  {"container_id": Ref(found, "id", "container id")}, group=group,
                  when=Check(HERE + "state_is", "only when step %d says CREATED"
                             % numbers()[status], (status, CREATED))))
    recreate = Check(HERE + "recreatable", "only when the container has exited and dockercri "
                     "made it", (status, found) + ((stop,) if stop else ()))
    plan.add(Step("kubelet%d" % index, node="dockercri.node.checks:refuse_kubelet_start",
                  args=(status, found, stop), group=group,
                  action="refuse an exited kubelet container: the kubelet makes its replacement"))
    pod = "podstatus%d" % index
    plan.add(Step(pod, "RuntimeService.PodSandboxStatus",
                  {"pod_sandbox_id": Ref(found, "pod_sandbox_id", "pod sandbox id"),
                   "verbose": True}, when=recreate, group=group,
                  errors="dockercri.errors:no_recorded_config", args=(found,),
                  why=("the pod's annotation %s holds the configs recorded at create time"
                       % CONTAINER_CONFIG_ANNOTATION,)))
    plan.add(Step("remove%d" % index, "RuntimeService.RemoveContainer",
                  {"container_id": Ref(found, "id", "container id")}, when=recreate,
                  group=group, held=True))
    created = "create%d" % index
    plan.add(Step(created, "RuntimeService.CreateContainer", {
        "pod_sandbox_id": Ref(found, "pod_sandbox_id", "pod sandbox id"),
        "config": Computed(HERE + "recorded_container", "the recorded container config, "
                           "attempt + 1", (pod, found)),
        "sandbox_config": Computed(HERE + "recorded_pod", "the recorded pod config", (pod,))},
        when=recreate, group=group, held=True,
        undo=(Step("undo%d" % index, "RuntimeService.RemoveContainer",
                   {"container_id": Ref(created, "container_id", "new container id")}),)))
    plan.add(Step("restart%d" % index, "RuntimeService.StartContainer",
                  {"container_id": Ref(created, "container_id", "new container id")},
                  when=recreate, group=group, keep=True))


def plan_start(intent, command):
    plan = start(command, intent)
    if intent.opt("attach") or intent.opt("interactive"):
        from dockercri.plan.streams import plan_start_attached
        return plan_start_attached(intent, command, plan)
    for index, name, found in _each_name(plan, intent):
        status = "status%d" % index
        plan.add(Step(status, "RuntimeService.ContainerStatus",
                      {"container_id": Ref(found, "id", "container id")}, group=index))
        _start_steps(plan, index, name, found, status)
        plan.crictl.append("crictl start %s" % name)
    plan.notes.append("CRI cannot start an exited container again. For a dockercri container, "
                      "start re-creates it from its recorded configuration in the same pod, under "
                      "the same name (RemoveContainer, CreateContainer, StartContainer): its id "
                      "changes. For a kubelet container, the kubelet makes the replacement.")
    return plan


def plan_restart(intent, command):
    plan = start(command, intent)
    for index, name, found in _each_name(plan, intent):
        status, stop = "status%d" % index, "stop%d" % index
        plan.add(Step(status, "RuntimeService.ContainerStatus",
                      {"container_id": Ref(found, "id", "container id")}, group=index))
        plan.add(Step(stop, "RuntimeService.StopContainer",
                      {"container_id": Ref(found, "id", "container id"),
                       "timeout": stop_timeout(intent)}, group=index,
                      when=Check(HERE + "state_is", "only when it is running", (status, RUNNING))))
        _start_steps(plan, index, name, found, status, stop)
        plan.crictl.append("crictl stop %s && crictl rm %s && crictl create <pod id> "
                           "container-config.json pod-config.json && crictl start <new id>"
                           % (name, name))
    return plan


def exited(context):
    return context[context.step.key].status.state == EXITED


def plan_wait(intent, command):
    plan = start(command, intent)
    for index, name, found in _each_name(plan, intent):
        plan.add(Step("wait%d" % index, "RuntimeService.ContainerStatus",
                      {"container_id": Ref(found, "id", "container id")}, group=index,
                      until=Check(HERE + "exited", "until status.state is CONTAINER_EXITED; "
                                  "prints exit_code")))
        plan.crictl.append("crictl inspect -o go-template --template '{{.status.exitCode}}' %s"
                           % name)
    plan.notes.append("CRI has no wait RPC: dockercri polls ContainerStatus.")
    return plan


def plan_container_prune(intent, command):
    plan = start(command, intent)
    managed = {"filter": {"label_selector": {names.MANAGED_LABEL: "true"}}}
    plan.add(Step("containers", "RuntimeService.ListContainers", managed,
                  why=("only dockercri's own containers; kubelet pods are never touched",)))
    stopped = Check(HERE + "not_running_own", "that is not running and has a pod of its own")
    each = Ref("containers", "containers", "the containers of step 1")
    for key, rpc in (("stoppods", "RuntimeService.StopPodSandbox"),
                     ("rmpods", "RuntimeService.RemovePodSandbox")):
        plan.add(Step(key, rpc, {"pod_sandbox_id": Ref("@each", "pod_sandbox_id", "its pod")},
                      each=each, where=stopped, held=True,
                      errors="dockercri.errors:tolerate_gone"))
    plan.add(Step("forget", node="dockercri.node.files:forget_each", each=each, where=stopped,
                  action="remove the files dockercri keeps for each (hosts file, log folder)"))
    plan.crictl.append("crictl rm $(crictl ps -a -q --state exited --label "
                       "io.dockercri.managed=true)")
    return plan
