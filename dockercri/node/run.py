"""The parts of run and create that dockercri does itself, on the node."""

import json
import os

from dockercri.errors import run_client_error, run_daemon_error
from dockercri.labels import CONTAINER_CONFIG_ANNOTATION



def say(context, request, text):
    context.session.err(text)


LOG_DRIVERS = ("none", "local", "json-file", "syslog", "journald", "gelf", "fluentd",
               "awslogs", "splunk", "etwlogs", "gcplogs", "logentries")


def check_log_driver(context, request, run):
    driver = request["driver"]
    if driver not in LOG_DRIVERS:
        raise run_daemon_error('error looking up logging plugin %s: plugin "%s" not found'
                               % (driver, driver), 125 if run else 1, run)


def check_mount_sources(context, request, run):
    """docker's daemon checks --mount bind sources on its host; the node is that host."""
    from dockercri.mapping import transforms
    for raw in request["mounts"]:
        source = transforms.mount_spec(raw)["host_path"]
        if not os.path.exists(source):
            raise run_daemon_error('invalid mount config for type "bind": bind source path '
                                   "does not exist: %s" % source, 125 if run else 1, run)


def free_port(protocol, host_ip=""):
    """A port the node's kernel says is free now (docker's proxy does the same)."""
    import socket
    kind = socket.SOCK_DGRAM if protocol == "UDP" else socket.SOCK_STREAM
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind((host_ip if host_ip and ":" not in host_ip else "", 0))
        return probe.getsockname()[1]


def _image_config(context):
    from dockercri.verbose import verbose_info
    status = context["pulled"] or context["image"]
    info = verbose_info(status) or {}
    return (info.get("imageSpec") or {}).get("config") or {}


def final_configs(context, request, intent, name, image_ref, run):
    """The configs as sent: the files explain shows, completed with what only the run
    knows, and both recorded in the pod's annotation for start and restart."""
    from dockercri.plan import run_config
    pod, container, _, joins = run_config.build(intent, name, image_ref,
                                                context.session.env.environ,
                                                _image_config(context), free_port)
    if joins.get("pid"):
        from dockercri.names import is_sandbox
        options = container["linux"]["security_context"]["namespace_options"]
        if is_sandbox(context["pidtarget"]):
            # A kubelet pod's sandbox: its pause process's pid namespace is the pod's.
            options["pid"] = "POD"
        else:
            options["pid"] = "TARGET"
            options["target_id"] = context["pidtarget"].id
    mounts = list(container.get("mounts") or [])
    for index, raw in enumerate(intent.opt("volumes_from") or (), 1):
        read_only = raw.partition(":")[2] == "ro"
        for mount in context["fromstatus%d" % index].status.mounts:
            mounts.append({"host_path": mount.host_path, "container_path": mount.container_path,
                           "readonly": mount.readonly or read_only,
                           "propagation": mount.propagation})
    if mounts:
        container["mounts"] = mounts
    recorded = dict(pod, annotations=dict(pod.get("annotations") or {}, **{
        CONTAINER_CONFIG_ANNOTATION: json.dumps({"container": container, "pod": pod})}))
    return {"pod": recorded, "container": container, "name": name,
            "sandbox": _joined_sandbox(context) if context["sandbox"] is not None else None}


def _joined_sandbox(context):
    from dockercri.verbose import verbose_info
    status = context["sandbox"]
    config = (verbose_info(status) or {}).get("config") or {}
    if not config:
        meta = status.status.metadata
        config = {"metadata": {"name": meta.name, "namespace": meta.namespace, "uid": meta.uid,
                               "attempt": meta.attempt}}
    return config


def write_hosts_file(context, request, name, raw_hosts):
    from dockercri.mapping import transforms
    from dockercri.plan import run_config
    extra = [transforms.extra_host(raw) for raw in raw_hosts]
    path = run_config.hosts_file_path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        handle.write(run_config.hosts_file_text(context["configs"]["pod"].get("hostname", ""),
                                                extra))


def _log_dir_and_path(context):
    configs = context["configs"]
    sandbox = configs["sandbox"] if configs["sandbox"] is not None else configs["pod"]
    return sandbox.get("log_directory", ""), configs["container"]["log_path"]


def prepare_log_dir(context, request):
    """The kubelet makes pod log directories; for dockercri's own pods, dockercri does."""
    directory, log_path = _log_dir_and_path(context)
    if not directory:
        return
    try:
        os.makedirs(os.path.dirname(os.path.join(directory, log_path)), exist_ok=True)
    except OSError:
        pass  # the runtime will say what is wrong


def drop_stale_log(context, request):
    """The pod's log folder is named after the docker name: a log left there by a removed
    container of that name (the pod was just made, so none runs) is not this one's."""
    directory, log_path = _log_dir_and_path(context)
    try:
        os.unlink(os.path.join(directory, log_path))
    except OSError:
        pass


def refuse_conflict(context, request, key, run):
    conflict = context[key]
    holders = list(context["holder_" + key].containers)
    if holders:
        holder = holders[0].id
    else:
        message = conflict.message
        holder = message.rsplit('"', 2)[-2] if message.count('"') >= 2 else "?"
    raise run_daemon_error(
        'Conflict. The container name "/%s" is already in use by container "%s". You have to '
        "remove (or rename) that container to be able to reuse that name."
        % (context["configs"]["name"], holder), 125 if run else 1, run)


def write_cidfile(context, request, run):
    path, container_id = request["path"], request["container_id"]
    try:
        handle = open(path, "x")
    except OSError as error:
        raise run_client_error("Failed to create the container ID file: %s" % error, run)
    try:
        with handle:
            handle.write(container_id)
    except OSError as error:
        # A full disk: docker removes the file it could not fill, so a retry can use it.
        try:
            os.unlink(path)
        except OSError:
            pass
        raise run_client_error("Failed to write the container ID to the file: %s" % error, run)
