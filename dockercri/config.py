"""Where the CRI runtime is, decided the way crictl decides it.

Order of precedence: command-line flag, environment variable, config file
(`--config`, else /etc/crictl.yaml), then the usual sockets in order.
Pure logic: no grpc here, so explain and --help never pay for it.
"""

import math
import os

from dockercri.record import Record

DEFAULT_ENDPOINTS = (
    "unix:///run/containerd/containerd.sock",
    "unix:///run/crio/crio.sock",
    "unix:///var/run/cri-dockerd.sock",
)
DEFAULT_CONFIG_PATH = "/etc/crictl.yaml"
DEFAULT_TIMEOUT = 2.0


class RuntimeConfig(Record):
    FIELDS = (
        "runtime_endpoints",       # tuple, in the order to try them
        "image_endpoints",
        ("timeout", DEFAULT_TIMEOUT),
        ("debug", False),
        ("api_version", "auto"),   # "auto" | "v1" | "v1alpha2"
        ("explicit", False),       # True when the user named an endpoint
        ("sources", ()),           # where each setting came from
    )
    FROZEN = True


def read_crictl_yaml(path):
    """Read crictl's flat `key: value` config without a YAML library.

    crictl.yaml holds only scalars (runtime-endpoint, image-endpoint, timeout,
    debug, pull-image-on-create), so a line parser is enough and keeps start-up light.
    """
    values = {}
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if not line or ":" not in line:
                continue
            key, _, value = line.partition(":")
            value = value.strip().strip('"').strip("'")
            values[key.strip()] = value
    return values


def parse_timeout(value):
    """crictl takes a Go duration ("2s", "500ms") or plain seconds."""
    text = str(value).strip()
    units = (("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0))
    for suffix, scale in units:
        if text.endswith(suffix) and text[: -len(suffix)].replace(".", "", 1).isdigit():
            return float(text[: -len(suffix)]) * scale
    return float(text)


def _checked_timeout(value):
    """parse_timeout, with a usage error (not a crash) for what is not a duration."""
    try:
        seconds = parse_timeout(value)
    except ValueError:
        seconds = float("nan")
    if not math.isfinite(seconds) or seconds < 0:
        from dockercri.errors import UsageError
        raise UsageError('invalid argument "%s" for "-t, --timeout" flag: time: invalid '
                         'duration "%s"' % (value, value), "")
    return seconds


def normalise_endpoint(endpoint):
    """crictl accepts a bare socket path; grpc needs the unix:// scheme."""
    if endpoint.startswith("/"):
        return "unix://" + endpoint
    return endpoint


DOCKER_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock")


def docker_host(value):
    """docker's -H/--host or DOCKER_HOST, read on a node without Docker: docker's own socket
    means this node's runtime (None: found as usual); another unix socket is a CRI endpoint;
    a remote daemon (tcp://, ssh://, ...) cannot be reached over CRI."""
    if not value:
        return None
    path = value[len("unix://"):] if value.startswith("unix://") else value
    if path.startswith("/"):
        return None if path in DOCKER_SOCKETS else "unix://" + path
    from dockercri.errors import DockerCLIError
    raise DockerCLIError(
        "Cannot connect to %s: dockercri speaks CRI to this node's runtime over a unix "
        "socket; a remote node's runtime is reached by running dockercri there (for example "
        "`ssh NODE dockercri ...`)" % value, exit_code=1)


def resolve(runtime_endpoint=None, image_endpoint=None, timeout=None, config_path=None,
            debug=None, api_version=None, environ=None, host=None):
    """Where the runtime is: -r (or docker's -H), CONTAINER_RUNTIME_ENDPOINT, DOCKER_HOST,
    the crictl config file, then the usual sockets."""
    env = os.environ if environ is None else environ
    if runtime_endpoint is None and not env.get("CONTAINER_RUNTIME_ENDPOINT"):
        runtime_endpoint = docker_host(host if host is not None else env.get("DOCKER_HOST"))
    file_values = {}
    path = config_path or env.get("CRI_CONFIG_FILE") or DEFAULT_CONFIG_PATH
    if os.path.exists(path):
        file_values = read_crictl_yaml(path)
    sources = []

    runtime = runtime_endpoint or env.get("CONTAINER_RUNTIME_ENDPOINT") or file_values.get("runtime-endpoint")
    explicit = bool(runtime)
    if runtime:
        runtime_list = (normalise_endpoint(runtime),)
    else:
        runtime_list = DEFAULT_ENDPOINTS
    image = image_endpoint or env.get("IMAGE_SERVICE_ENDPOINT") or file_values.get("image-endpoint")
    image_list = (normalise_endpoint(image),) if image else runtime_list

    if timeout is None:
        timeout = file_values.get("timeout")
    timeout_s = _checked_timeout(timeout) if timeout not in (None, "", "0") else DEFAULT_TIMEOUT
    if debug is None:
        debug = str(file_values.get("debug", "")).lower() == "true"
    version = api_version or env.get("DOCKERCRI_CRI_API") or "auto"
    if version not in ("auto", "v1", "v1alpha2"):
        from dockercri.errors import UsageError
        raise UsageError('invalid argument "%s" for "--cri-api" flag: use v1, v1alpha2 or auto'
                         % version, "")
    if file_values:
        sources.append(path)
    return RuntimeConfig(runtime_list, image_list, timeout_s, bool(debug), version, explicit, tuple(sources))
