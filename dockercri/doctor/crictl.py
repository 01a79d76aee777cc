"""crictl's /etc/crictl.yaml: present, and naming the runtime in use."""

from dockercri.config import read_crictl_yaml
from dockercri.doctor.kubelet import DEFAULT_ENDPOINT
from dockercri.doctor.node import same_endpoint
from dockercri.doctor.report import ok, warn

CONFIG = "/etc/crictl.yaml"
NAME = "crictl/config"
_DOCKER_SOCKETS = ("dockershim", "cri-dockerd", "docker.sock")


def check_crictl(node):
    endpoint = node.runtime.endpoint if node.runtime.reachable else None
    target = endpoint or DEFAULT_ENDPOINT
    fix = "crictl config --set runtime-endpoint=%s --set image-endpoint=%s" % (target, target)
    if not node.exists(CONFIG):
        return [warn(NAME, "no %s: crictl falls back to a deprecated list of default endpoints "
                     "and warns on every call" % CONFIG, fix)]
    try:
        values = read_crictl_yaml(node.path(CONFIG))
    except OSError as error:
        return [warn(NAME, "%s cannot be read: %s" % (CONFIG, error), fix)]
    configured = values.get("runtime-endpoint")
    if not configured:
        return [warn(NAME, "%s sets no runtime-endpoint: crictl falls back to a deprecated list "
                     "of default endpoints" % CONFIG, fix)]
    wrong = []
    for key in ("runtime-endpoint", "image-endpoint"):
        value = values.get(key)
        if not value:
            continue
        if any(word in value for word in _DOCKER_SOCKETS):
            wrong.append("%s %s is Docker's" % (key, value))
        elif endpoint and not same_endpoint(value, endpoint):
            wrong.append("%s is %s" % (key, value))
    if wrong:
        return [warn(NAME, "%s: %s, but the runtime in use is at %s"
                     % (CONFIG, "; ".join(wrong), target), fix)]
    if endpoint is None:
        return [ok(NAME, "runtime-endpoint %s (not compared: the runtime is not reachable)"
                   % configured)]
    return [ok(NAME, "runtime-endpoint %s" % configured)]
