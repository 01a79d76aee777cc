"""system df: images, containers and their writable layers, as CRI lists them."""

from dockercri.plan.common import start
from dockercri.plan.model import Step


def plan_system_df(intent, command):
    plan = start(command, intent)
    plan.add(Step("images", "ImageService.ListImages", {}, why=("image count and sizes",)))
    plan.add(Step("containers", "RuntimeService.ListContainers", {},
                  why=("container count, running ones, and the images in use",)))
    plan.add(Step("stats", "RuntimeService.ListContainerStats", {},
                  why=("each container's writable layer (writable_layer.used_bytes)",)))
    plan.crictl += ["crictl images", "crictl stats -a"]
    return plan
