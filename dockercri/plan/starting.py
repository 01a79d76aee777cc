"""Starting a container that may have exited: shared by start, restart and start -a.

CRI cannot start an exited container again. dockercri records each of its containers'
CRI configs in its pod's annotation at create time, so start and restart make an
identical container in the same pod under the same docker name (the container id
changes, as explain says). A kubelet container is left to the kubelet, which makes its
replacement itself.
"""

from dockercri import names
from dockercri.labels import CONTAINER_CONFIG_ANNOTATION
from dockercri.plan.model import Check, Computed, Ref, Step

CREATED, RUNNING, EXITED = 0, 1, 2
HERE = "dockercri.plan.starting:"


def state_is(context, status_key, *states):
    status = context[status_key]
    return status is not None and status.status.state in states


def recreatable(context, status_key, find_key, stop_key=None):
    """Exited (or stopped by this command) and made by dockercri: re-created in its pod."""
    exited = state_is(context, status_key, EXITED) or (stop_key and stop_key in context.results)
    return bool(exited) and names.is_managed(context[find_key])


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


def current_id(context, find_key, create_key):
    created = context[create_key]
    return created.container_id if created is not None else context[find_key].id


def start_steps(plan, index, name, found, status, stop=None, group=True, kubelet=True):
    """Start a created container; re-create an exited one of dockercri's from its recorded
    configuration (CRI cannot start it again); refuse for a kubelet's (unless `kubelet` is
    False: the caller waits for the kubelet's replacement instead)."""
    numbers = plan.numbers
    group = index if group is True else group
    plan.add(Step("start%d" % index, "RuntimeService.StartContainer",
                  {"container_id": Ref(found, "id", "container id")}, group=group,
                  when=Check(HERE + "state_is", "only when step %d says CREATED"
                             % numbers()[status], (status, CREATED))))
    recreate = Check(HERE + "recreatable", "only when the container has exited and dockercri "
                     "made it", (status, found) + ((stop,) if stop else ()))
    if kubelet:
        plan.add(Step("kubelet%d" % index, node="dockercri.node.checks:refuse_kubelet_start",
                      args=(status, found, stop), group=group,
                      action="refuse an exited kubelet container: the kubelet makes its "
                             "replacement"))
    pod = "podstatus%d" % index
    plan.add(Step(pod, "RuntimeService.PodSandboxStatus",
                  {"pod_sandbox_id": Ref(found, "pod_sandbox_id", "pod sandbox id"),
                   "verbose": True}, when=recreate, group=group,
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


