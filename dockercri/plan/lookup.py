"""Name resolution as plan steps: list what the runtime has, then pick by docker's rules."""

from dockercri.plan.model import Pick, Ref, Step


def find_container(plan, name, key="container", daemon=False, sandboxes=False):
    """Steps listing pods and containers, then picking `name`; returns a Ref to its id.
    daemon: a missing name reads as docker's daemon says it (commands whose lookup is
    done by the daemon, such as top), not as its client does (port)."""
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {},
                  why=("container names of dockercri's pods and the kubelet's",)))
    plan.add(Step("containers", "RuntimeService.ListContainers", {}))
    pick = Pick("container", name, sandboxes=sandboxes)
    plan.add(Step(key, pick=pick, action=pick.describe(),
                  errors="dockercri.plan.lookup:as_daemon_error" if daemon else None))
    return Ref(key, "id", "container id")


def find_image(plan, name, key="image", daemon=False):
    plan.add(Step("images", "ImageService.ListImages", {}))
    pick = Pick("image", name)
    plan.add(Step(key, pick=pick, action=pick.describe(),
                  errors="dockercri.plan.lookup:as_daemon_error" if daemon else None))
    return Ref(key, "id", "image id")


def as_daemon_error(context, error):
    """A name the pick did not find, worded as docker's daemon words it."""
    from dockercri.errors import daemon_error
    return daemon_error(error.message, exit_code=error.exit_code)
