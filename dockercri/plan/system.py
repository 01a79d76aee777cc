"""version, info, imagefsinfo: questions about the runtime itself."""

from dockercri.plan.common import start
from dockercri.plan.model import Step

RUNC_STEP = Step("runc", node="dockercri.commands.system:runc_version",
                 action="`runc --version`: the OCI runtime's version and "
                        "commit, which CRI does not report (nothing shown when runc is absent)")


def plan_version(intent, command):
    plan = start(command, intent)
    plan.add(Step("version", "RuntimeService.Version", {"version": "v1"},
                  why=("the runtime's name, version and CRI API version (a component of the "
                       "Server section, as docker names containerd)",)))
    plan.add(RUNC_STEP)
    plan.crictl.append("crictl version")
    return plan


def plan_info(intent, command):
    plan = start(command, intent)
    plan.add(Step("version", "RuntimeService.Version", {"version": "v1"}))
    plan.add(Step("status", "RuntimeService.Status", {"verbose": True},
                  why=("runtime and network conditions; the runtime's own config",)))
    plan.add(Step("containers", "RuntimeService.ListContainers", {}, why=("container counts",)))
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {}, why=(
        "each kubelet pod's sandbox counts as a container, as its k8s_POD_ container did "
        "under dockershim",)))
    plan.add(Step("paused", node="dockercri.node.rootfs:frozen_ids", action=(
        "Paused: the running ones the cgroup freezer holds (each task's pid is init.pid "
        "beside its mounted rootfs), since CRI has no paused state")))
    plan.add(Step("images", "ImageService.ListImages", {}, why=("image count",)))
    plan.add(RUNC_STEP)
    plan.crictl.append("crictl info")
    return plan


def plan_imagefsinfo(intent, command):
    plan = start(command, intent)
    plan.add(Step("fsinfo", "ImageService.ImageFsInfo", {}))
    plan.crictl.append("crictl imagefsinfo")
    return plan
