"""Docker-specific assumptions around the calls: things that exist only where Docker runs.

These are names in the text (a socket path, a data directory, a unit), not
commands, so they are found line by line; comment lines are skipped.
"""

import re

from dockercri.record import Record


class Assumption(Record):
    FIELDS = ("line", "text", "reason")
    FROZEN = True


# (pattern, why it breaks and what to use instead); checked in order, one reason per pattern.
RULES = (
    (re.compile(r"/(?:var/)?run/docker\.sock\b"),
     "the Docker Engine API socket: a CRI node has none. The runtime's socket "
     "(/run/containerd/containerd.sock) speaks CRI over gRPC, not the Docker API: use "
     "crictl or dockercri on the node, or a Kubernetes API client"),
    (re.compile(r"/var/lib/docker\b"),
     "Docker's data directory: on a CRI node images and containers live under "
     "/var/lib/containerd (containerd's own layout), container logs under /var/log/pods"),
    (re.compile(r"\bdocker://"),
     "the kubelet reports container ids as <runtime>://<id>, containerd:// on a containerd "
     "node, no longer docker://"),
    (re.compile(r"\b(?:systemctl|service)\b[^;|&#]*?(?<![\w.-])docker(?:\.service|\.socket)?"
                r"(?![\w.-])"),
     "there is no docker.service on a CRI node: the runtime is containerd.service "
     "(systemctl restart containerd), and the kubelet's is kubelet.service"),
    (re.compile(r"(?<![\w./-])(?:\S*/)?dockerd\b"),
     "the Docker daemon does not run on a CRI node: containerd is the runtime"),
    (re.compile(r"\bdocker-compose\b"),
     "docker-compose drives a Docker Engine's API, which a CRI node does not have: run the "
     "services as Kubernetes workloads"),
    (re.compile(r"/etc/docker/daemon\.json\b"),
     "Docker's daemon settings are not read on a CRI node: `dockercri doctor "
     "--migrate-registries` carries its registry settings over to containerd"),
    (re.compile(r"^\s*(?:Requires|Requisite|BindsTo|Wants|After|PartOf|Upholds)\s*=.*"
                r"\bdocker\.(?:service|socket)\b"),
     "the unit depends on or is ordered after docker.service, which a CRI node does not "
     "have: name containerd.service where a runtime is needed"),
)


def find(text):
    """Assumption of each rule that matches each non-comment line."""
    found = []
    for index, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        for pattern, reason in RULES:
            if pattern.search(line):
                found.append(Assumption(index + 1, _short(stripped), reason))
    return found


def _short(text):
    return text if len(text) <= 200 else text[:197] + "..."
