"""Starting a container that CRI considers finished.

CRI cannot start an exited container again. dockercri records each of its
containers' CRI configs in its pod's annotations at create time, so `start`
and `restart` can make an identical container in the same pod under the same
docker name (the container id changes, as explain says). A kubelet container
is left to the kubelet, which makes its replacement itself.
"""

import json

from dockercri import names
from dockercri.errors import DockerCLIError
from dockercri.labels import CONTAINER_CONFIG_ANNOTATION


def start_container(session, container):
    call = session.executor.call
    state = call("RuntimeService.ContainerStatus", {"container_id": container.id}).status.state
    if state == 1:
        return container.id
    if state == 0:
        call("RuntimeService.StartContainer", {"container_id": container.id})
        return container.id
    if not names.is_managed(container):
        raise DockerCLIError(
            "Error response from daemon: container %s has exited and CRI cannot start it again; "
            "it belongs to a kubelet pod, and the kubelet creates its replacement"
            % container.id[:12], exit_code=1)
    return recreate(session, container)


def recreate(session, container):
    call = session.executor.call
    pod = call("RuntimeService.PodSandboxStatus",
               {"pod_sandbox_id": container.pod_sandbox_id, "verbose": True})
    recorded = dict(pod.status.annotations).get(CONTAINER_CONFIG_ANNOTATION)
    if not recorded:
        raise DockerCLIError("Error response from daemon: container %s has no recorded "
                             "configuration to re-create it from" % container.id[:12], exit_code=1)
    saved = json.loads(recorded)
    config = saved["container"]
    config["metadata"]["attempt"] = container.metadata.attempt + 1
    call("RuntimeService.RemoveContainer", {"container_id": container.id})
    created = call("RuntimeService.CreateContainer", {
        "pod_sandbox_id": container.pod_sandbox_id, "config": config,
        "sandbox_config": saved["pod"]})
    try:
        call("RuntimeService.StartContainer", {"container_id": created.container_id})
    except DockerCLIError:
        call("RuntimeService.RemoveContainer", {"container_id": created.container_id})
        raise
    return created.container_id
