"""The labels and the annotation dockercri puts on the pods and containers it makes.

They carry what CRI has no field for (docker's name, the image as typed, the
command docker shows, --rm, --stop-timeout) and mark dockercri's own objects,
so every command reads them from one place. Never rename one: objects made by
earlier versions carry the old name.
"""

PREFIX = "io.dockercri."

MANAGED_LABEL = PREFIX + "managed"            # "true" on dockercri's pods and containers
NAME_LABEL = PREFIX + "name"                  # the docker name
OWN_POD_LABEL = PREFIX + "own-pod"            # "false" when it joined another container's pod
IMAGE_LABEL = PREFIX + "image"                # the image as the user typed it
COMMAND_LABEL = PREFIX + "command"            # docker's COMMAND column, as a JSON list
PORTS_LABEL = PREFIX + "ports"                # docker's PORTS column
STOP_TIMEOUT_LABEL = PREFIX + "stop-timeout"  # --stop-timeout, in seconds
RM_LABEL = PREFIX + "rm"                      # "true" for --rm

# On the pod: both configs as JSON, so start and restart can re-create an exited container.
CONTAINER_CONFIG_ANNOTATION = PREFIX + "container-config"


# dockershim's labels, which scripts select with (`--filter label=...`, `grep POD`): a pod's
# sandbox was the container named POD of type podsandbox, every other one of type container.
DOCKER_TYPE_LABEL = "io.kubernetes.docker.type"
CONTAINER_NAME_LABEL = "io.kubernetes.container.name"
SANDBOX_LABELS = {DOCKER_TYPE_LABEL: "podsandbox", CONTAINER_NAME_LABEL: "POD"}
KUBELET_CONTAINER_LABELS = {DOCKER_TYPE_LABEL: "container"}
SYNTHETIC_LABELS = (DOCKER_TYPE_LABEL,)  # not on the CRI objects: never sent as a filter
