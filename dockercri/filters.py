"""docker's --filter for ps and images, applied to what CRI returns.

Values of one key are alternatives (OR); different keys must all match (AND),
except `label`, where every value must match, as in docker. Keys CRI has no
data for are refused with a reason rather than ignored.
"""

import fnmatch
import re

from dockercri.errors import DockerCLIError

PS_KEYS = ("id", "name", "label", "exited", "status", "ancestor", "before", "since", "volume")
PS_REFUSED = {
    "network": "CRI pods have one network, set up by the CNI plugin; there are no docker networks",
    "publish": "port mappings belong to the pod sandbox and are not listed by CRI",
    "expose": "CRI has no exposed ports",
    "health": "CRI has no health checks",
    "isolation": "isolation is a Windows daemon setting with no CRI equivalent",
    "is-task": "there are no swarm tasks under CRI",
}
IMAGE_KEYS = ("dangling", "reference", "before", "since", "label")
PRUNE_KEYS = ("until", "label", "label!")
STATUSES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")


def parse(pairs, known, refused=None):
    """[(key, value)] → {key: [values]}, with docker's errors for unknown keys."""
    found = {}
    for pair in pairs:
        if pair is None:
            continue
        key, value = pair
        if refused and key in refused:
            raise DockerCLIError("Error response from daemon: the %s filter cannot be applied: %s"
                                 % (key, refused[key]), exit_code=1)
        if key not in known:
            raise DockerCLIError("Error response from daemon: Invalid filter '%s'" % key,
                                 exit_code=1)
        found.setdefault(key, []).append(value)
    if "status" in found:
        for value in found["status"]:
            if value not in STATUSES:
                raise DockerCLIError("Error response from daemon: Unrecognised filter value for "
                                     "status: %s" % value, exit_code=1)
    return found


def wants_all(filters):
    """docker lists every state when the filter asks for a state itself."""
    return bool(filters.get("status") or filters.get("exited"))


def _label_matches(labels, wanted):
    key, eq, value = wanted.partition("=")
    if key not in labels:
        return False
    return not eq or labels[key] == value


def _name_matches(name, pattern):
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return pattern in name


def container_matches(view, filters, created_of):
    """view: render.views.ContainerView; created_of(name) → created_ns of another container."""
    checks = {
        "id": lambda v: view.id.startswith(v),
        "name": lambda v: _name_matches(view.name, v),
        "exited": lambda v: view.state == "exited" and str(view.exit_code) == v,
        "status": lambda v: view.docker_state == v,
        "ancestor": lambda v: _ancestor(view, v),
        "before": lambda v: view.created_ns < created_of(v),
        "since": lambda v: view.created_ns > created_of(v),
        "volume": lambda v: any(v in (m.host_path, m.container_path) for m in view.mounts),
    }
    for key, values in filters.items():
        if key == "label":
            if not all(_label_matches(view.docker_labels, value) for value in values):
                return False
        elif not any(checks[key](value) for value in values):
            return False
    return True


def _ancestor(view, wanted):
    from dockercri import names
    if view.image_ref.split(":", 1)[-1].startswith(wanted.split(":", 1)[-1]) and wanted:
        return True
    ref = names.normalise_reference(wanted)
    return ref in (names.normalise_reference(view.image), view.image)


def image_matches(image, repo, tag, created_ns, labels, filters, created_of):
    """One `images` row against the filters."""

    def reference(pattern):
        familiar = "%s:%s" % (repo, tag)
        return fnmatch.fnmatchcase(familiar, pattern) or fnmatch.fnmatchcase(repo, pattern)

    checks = {
        "dangling": lambda v: (not image.repo_tags) == (v.lower() in ("true", "1")),
        "reference": reference,
        "before": lambda v: created_ns is not None and created_ns < created_of(v),
        "since": lambda v: created_ns is not None and created_ns > created_of(v),
    }
    for key, values in filters.items():
        if key == "label":
            if not all(_label_matches(labels or {}, value) for value in values):
                return False
        elif not any(checks[key](value) for value in values):
            return False
    return True


def prune_selects(labels, created_ns, filters, until_ns=None):
    """container prune's filters: every label= must match, no label!= may match, and with
    until= only what was created before that moment goes."""
    if not all(_label_matches(labels, value) for value in filters.get("label", ())):
        return False
    if any(_label_matches(labels, value) for value in filters.get("label!", ())):
        return False
    return until_ns is None or created_ns < until_ns
