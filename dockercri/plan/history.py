"""history: the image config's history, from the runtime's verbose ImageStatus."""

from dockercri.plan.common import crictl_line, start
from dockercri.plan.lookup import find_image
from dockercri.plan.model import Step


def plan_history(intent, command):
    plan = start(command, intent)
    ref = find_image(plan, intent.args[0], daemon=True)
    plan.add(Step("status", "ImageService.ImageStatus", {"image": {"image": ref}, "verbose": True},
                  why=("the image config (verbose info: imageSpec.history, rootfs.diff_ids)",)))
    plan.crictl.append(crictl_line("crictl inspecti", intent.args[0]))
    return plan
