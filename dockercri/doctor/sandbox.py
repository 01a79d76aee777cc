"""The sandbox ("pause") image every pod starts from: present, or at least pullable."""

from dockercri.doctor import containerd, crio
from dockercri.doctor.report import fail, ok, skip, warn
from dockercri.errors import DockerCLIError

NAME = "runtime/sandbox-image"


def sandbox_image(node):
    """(image, where it is set) for the runtime in use."""
    if node.runtime.name == "cri-o":
        return crio.pause_image(node), "pause_image in %s" % crio.CONFIG
    if node.runtime.name == "containerd":
        config = containerd.read_config(node)
        key = "pinned_images.sandbox" if config.version == 3 else "sandbox_image"
        return config.sandbox_image, "%s in %s" % (key, config.path)
    return None, None


def check_sandbox_image(node):
    runtime = node.runtime
    if not runtime.reachable:
        return [skip(NAME, "the runtime is not reachable")]
    image, where = sandbox_image(node)
    if not image:
        return [skip(NAME, "%s does not say which sandbox image it uses" % runtime.name)]
    try:
        status = runtime.call("ImageService.ImageStatus", {"image": {"image": image}})
    except DockerCLIError as error:
        return [fail(NAME, "ImageStatus %s failed: %s" % (image, error.message),
                     "crictl inspecti %s" % image)]
    if getattr(status.image, "id", ""):
        return [ok(NAME, "%s is present" % image)]
    if not node.pull:
        return [warn(NAME, "%s is not present (not pulled: --dry-run)" % image,
                     "crictl pull %s" % image)]
    try:
        runtime.call("ImageService.PullImage", {"image": {"image": image}})
    except DockerCLIError as error:
        return [fail(NAME, "%s is not present and cannot be pulled: %s" % (image, error.message),
                     "make its registry reachable, or set %s to an image the node can pull "
                     "(or import one: ctr -n k8s.io images import pause.tar)" % where)]
    return [ok(NAME, "%s was not present; pulled it now" % image)]
