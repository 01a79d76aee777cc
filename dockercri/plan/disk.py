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
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {}, why=(
        "each kubelet pod's sandbox is a container, as its k8s_POD_ container was under "
        "dockershim, and keeps the sandbox image in use",)))
    plan.add(Step("status", "RuntimeService.Status", {"verbose": True}, optional=True,
                  why=("the runtime's sandbox (pause) image, in use while a pod runs",)))
    plan.crictl += ["crictl images", "crictl stats -a"]
    return plan
