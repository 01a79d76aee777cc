"""CRI objects seen with docker's eyes: the translation from CRI words to docker words.

A ContainerView joins what ListContainers, ContainerStatus (and its verbose
info) say about one container into the fields docker's columns and inspect use.
"""

import json

from dockercri import names
from dockercri.labels import COMMAND_LABEL, IMAGE_LABEL, KUBELET_CONTAINER_LABELS, \
    PORTS_LABEL, PREFIX, SANDBOX_LABELS
from dockercri.record import Factory, Record
from dockercri.verbose import verbose_info  # noqa: F401 - used here and by callers

STATE_WORDS = {0: "created", 1: "running", 2: "exited", 3: "unknown"}
POD_STATE_WORDS = {0: "SANDBOX_READY", 1: "SANDBOX_NOTREADY"}


class ContainerView(Record):
    FIELDS = (
        "id", "name", "image", "image_ref", "state", "created_ns",
        ("started_ns", 0),
        ("finished_ns", 0),
        ("exit_code", 0),
        ("reason", ""),
        ("message", ""),
        ("command", Factory(list)),
        ("labels", Factory(dict)),
        ("annotations", Factory(dict)),
        ("ports", ""),
        ("pod_id", ""),
        ("log_path", ""),
        ("mounts", Factory(list)),
        ("info", None),  # the runtime's verbose info (a dict), parsed
        ("paused", False),  # running, and held by the cgroup freezer (docker pause)
    )

    @property
    def docker_state(self):
        """docker's State word: a paused container is "paused", not "running"."""
        return "paused" if self.paused and self.state == "running" else self.state

    @property
    def docker_labels(self):
        """The labels docker would show: without dockercri's own bookkeeping ones."""
        return {k: v for k, v in self.labels.items() if not k.startswith(PREFIX)}


def command_of(container, info):
    """The command docker would show: our label, else the runtime's recorded config."""
    label = container.labels.get(COMMAND_LABEL)
    if label:
        try:
            return list(json.loads(label))
        except ValueError:
            return [label]
    if info:
        # What runs: the OCI spec's argv has the image's entrypoint and cmd resolved, as
        # docker's Path and Args do; the CRI config lacks them when it gives args alone.
        process = (info.get("runtimeSpec") or {}).get("process") or {}
        if process.get("args"):
            return list(process["args"])
        config = info.get("config") or {}
        return list(config.get("command") or []) + list(config.get("args") or [])
    return []


def container_view(container, status_response, pods_by_id=None):
    info = verbose_info(status_response)
    view = ContainerView(
        id=container.id,
        name=names.container_name(container, pods_by_id),
        image=container.labels.get(IMAGE_LABEL) or container.image.image,
        image_ref=container.image_ref,
        state=STATE_WORDS.get(container.state, "unknown"),
        created_ns=container.created_at,
        labels=dict(container.labels) if names.is_managed(container) else dict(
            container.labels, **KUBELET_CONTAINER_LABELS),
        annotations=dict(container.annotations),
        ports=container.labels.get(PORTS_LABEL, ""),
        pod_id=container.pod_sandbox_id,
        info=info,
    )
    view.command = command_of(container, info)
    if status_response is not None:
        status = status_response.status
        view.state = STATE_WORDS.get(status.state, view.state)
        view.started_ns = status.started_at
        view.finished_ns = status.finished_at
        view.exit_code = status.exit_code
        view.reason = status.reason
        view.message = status.message
        view.log_path = status.log_path
        view.mounts = list(status.mounts)
        if status.image.image and not container.labels.get(IMAGE_LABEL):
            view.image = status.image.image
    return view


def sandbox_labels(pod):
    """A kubelet pod's labels, as dockershim put them on the pod's POD container."""
    return dict(pod.labels, **SANDBOX_LABELS)


def sandbox_view(pod, status_response, image="", command=None):
    """A kubelet pod's sandbox as the container dockershim showed (k8s_POD_...), from its
    list entry and, where asked for, its verbose status (pid, config, sandbox image)."""
    info = verbose_info(status_response) or {}
    status = status_response.status if status_response is not None else pod
    ready = status.state == 0
    image = info.get("image", "") or image
    spec_args = ((info.get("runtimeSpec") or {}).get("process") or {}).get("args")
    return ContainerView(
        id=pod.id, name=names.sandbox_name(pod), image=image or "pause", image_ref=image,
        state="running" if ready else "exited", created_ns=pod.created_at,
        started_ns=pod.created_at, finished_ns=pod.created_at if not ready else 0,
        labels=sandbox_labels(pod), annotations=dict(pod.annotations),
        command=list(command or spec_args or ["/pause"]), pod_id=pod.id, info=info)


def status_text(view, now):
    """docker's STATUS column."""
    from dockercri.render.humanize import human_duration

    if view.state == "running":
        return "Up " + human_duration(max(0.0, now - view.started_ns / 1e9)) + (
            " (Paused)" if view.paused else "")
    if view.state == "exited":
        return "Exited (%d) %s ago" % (view.exit_code,
                                      human_duration(max(0.0, now - view.finished_ns / 1e9)))
    if view.state == "created":
        return "Created"
    return "Unknown"


def quoted_command(argv, truncate=True):
    """docker quotes the command with Go's %q after cutting it to 20 characters."""
    # The daemon wraps each argument that holds a space in single quotes.
    text = " ".join("'%s'" % arg if " " in arg else arg for arg in argv)
    if truncate and len(text) > 20:
        text = text[:19] + "…"
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def short_id(ident, no_trunc=False):
    bare = ident.split(":", 1)[1] if ident.startswith("sha256:") else ident
    if no_trunc:
        return ident
    return bare[:12]

