"""Docker's rules for naming containers, images and pods, applied to CRI objects.

A docker user names an object by full id, by a unique id prefix, or by name.
Ambiguity is an error, never a guess. Containers made by dockercri carry their
docker name; every other CRI container gets the name dockershim gave it,
k8s_<container>_<pod>_<namespace>_<pod uid>_<attempt>, so runbooks written for
dockershim nodes keep working.
"""

from dockercri.errors import AmbiguousName, NoSuchObject
from dockercri.labels import MANAGED_LABEL, NAME_LABEL, OWN_POD_LABEL

DOCKERCRI_NAMESPACE = "dockercri"
K8S_POD_NAME = "io.kubernetes.pod.name"
K8S_POD_NAMESPACE = "io.kubernetes.pod.namespace"
K8S_POD_UID = "io.kubernetes.pod.uid"


def is_managed(obj):
    return obj.labels.get(MANAGED_LABEL) == "true"


def owns_pod(container):
    """True for a dockercri container made with a pod sandbox of its own."""
    return is_managed(container) and container.labels.get(OWN_POD_LABEL, "true") == "true"


def container_name(container, pods_by_id=None):
    """The name docker would show for a CRI container (without docker's leading slash)."""
    labels = container.labels
    if labels.get(MANAGED_LABEL) == "true":
        return labels.get(NAME_LABEL) or container.metadata.name
    pod = (pods_by_id or {}).get(container.pod_sandbox_id)
    if pod is not None:
        pod_name, namespace, uid = pod.metadata.name, pod.metadata.namespace, pod.metadata.uid
    else:
        pod_name = labels.get(K8S_POD_NAME, "")
        namespace = labels.get(K8S_POD_NAMESPACE, "")
        uid = labels.get(K8S_POD_UID, "")
    return "k8s_%s_%s_%s_%s_%d" % (container.metadata.name, pod_name, namespace, uid,
                                  container.metadata.attempt)


def sandbox_name(pod):
    """dockershim showed each pod sandbox as a container named k8s_POD_..."""
    meta = pod.metadata
    return "k8s_POD_%s_%s_%s_%d" % (meta.name, meta.namespace, meta.uid, meta.attempt)


def _pick(kind, wanted, objects, name_of):
    """docker's order: exact id, then exact name, then unique id prefix."""
    wanted = wanted.lstrip("/") if kind == "container" else wanted
    for obj in objects:
        if obj.id == wanted:
            return obj
    named = [obj for obj in objects if wanted in name_of(obj)]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise AmbiguousName(kind, wanted, [obj.id for obj in named])
    prefixed = [obj for obj in objects if obj.id.startswith(wanted)] if _hexish(wanted) else []
    if len(prefixed) == 1:
        return prefixed[0]
    if len(prefixed) > 1:
        raise AmbiguousName(kind, wanted, [obj.id for obj in prefixed])
    raise NoSuchObject(kind, wanted)


def _hexish(text):
    return bool(text) and all(ch in "0123456789abcdef" for ch in text)


class Sandbox:
    """A kubelet pod's sandbox seen as dockershim showed it: a container named
    k8s_POD_<pod>_<namespace>_<uid>_<attempt>, running while the pod is ready.
    Commands that act on a container act on the pod sandbox through it."""

    is_sandbox = True

    def __init__(self, pod):
        self.pod = pod
        self.id = pod.id
        self.pod_sandbox_id = pod.id
        self.metadata = pod.metadata
        self.labels = dict(pod.labels)
        self.state = 1 if pod.state == 0 else 2  # SANDBOX_READY: running
        self.created_at = pod.created_at


def is_sandbox(obj):
    return getattr(obj, "is_sandbox", False)


def pick_container(wanted, containers, pods, sandboxes=False):
    """A container by id, unique id prefix or docker name; with `sandboxes`, a kubelet
    pod's sandbox too (by its id, id prefix or k8s_POD_ name), as under dockershim."""
    pods_by_id = {pod.id: pod for pod in pods}
    objects = list(containers)
    if sandboxes:
        objects += [Sandbox(pod) for pod in pods if not is_managed(pod)]

    def name_of(obj):
        return (sandbox_name(obj.pod),) if is_sandbox(obj) else (container_name(obj, pods_by_id),)
    return _pick("container", wanted, objects, name_of)


def pick_pod(wanted, pods):
    return _pick("pod", wanted, pods, lambda p: (p.metadata.name, sandbox_name(p)))


def pick_image(wanted, images):
    """Images: a reference (name[:tag] or name@digest), a full id, or an id prefix."""
    ref = normalise_reference(wanted)
    for image in images:
        if ref in image.repo_tags or ref in image.repo_digests:
            return image
    bare = wanted[len("sha256:"):] if wanted.startswith("sha256:") else wanted
    if _hexish(bare):
        matches = [img for img in images if img.id.split(":", 1)[-1].startswith(bare)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise AmbiguousName("image", wanted, [img.id for img in matches])
    raise NoSuchObject("image", wanted)


def normalise_reference(name):
    """docker's reference rules: busybox → docker.io/library/busybox:latest."""
    if "@" in name:
        repo, _, digest = name.partition("@")
        return "%s@%s" % (_full_repository(repo), digest)
    last = name.rsplit("/", 1)[-1]
    repo, tag = (name.rsplit(":", 1) if ":" in last else (name, "latest"))
    return "%s:%s" % (_full_repository(repo), tag)


def _full_repository(repo):
    first, _, rest = repo.partition("/")
    if not rest:
        return "docker.io/library/" + repo
    if "." in first or ":" in first or first == "localhost":
        return repo
    return "docker.io/" + repo


def familiar_repository(repo):
    """What docker prints: docker.io/library/busybox → busybox."""
    if repo.startswith("docker.io/library/"):
        return repo[len("docker.io/library/"):]
    if repo.startswith("docker.io/"):
        return repo[len("docker.io/"):]
    return repo


def split_reference(ref):
    """'host:5000/a/b:tag' → ('host:5000/a/b', 'tag'); digests → (repo, '<none>')."""
    if "@" in ref:
        return ref.split("@", 1)[0], "<none>"
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        repo, tag = ref.rsplit(":", 1)
        return repo, tag
    return ref, "<none>"
