"""system prune: dockercri's own stopped containers (pods of their own), then the images
no container uses. Kubelet pods and the runtime's sandbox image are never touched; CRI has
no networks, volumes or build cache to prune."""

from dockercri.plan.common import start
from dockercri.plan.model import Check, Ref, Step

MANAGED = {"filter": {"label_selector": {"io.dockercri.managed": "true"}}}
HERE = "dockercri.commands.prune:"


def plan_system_prune(intent, command):
    from dockercri.commands.prune import prune_filters
    prune_filters(intent)  # docker's daemon checks the filter before removing anything
    plan = start(command, intent)
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", MANAGED,
                  why=("only dockercri's own pods; kubelet pods are never touched",)))
    plan.add(Step("own", "RuntimeService.ListContainers", MANAGED))
    plan.add(Step("remove", "RuntimeService.RemovePodSandbox",
                  {"pod_sandbox_id": Ref("@each", "pod_sandbox_id", "pod of each stopped container")},
                  each=Ref("own", "containers", "containers"), optional=True,
                  where=Check(HERE + "stopped_and_wanted",
                              "containers of step 2 that are not running, in pods of their own, "
                              "matching --filter"),
                  action="remove each stopped container with its pod"))
    plan.add(Step("status", "RuntimeService.Status", {"verbose": True},
                  why=("the runtime's sandbox image, which pods need and prune keeps",)))
    plan.add(Step("containers", "RuntimeService.ListContainers", {},
                  why=("every container left, the kubelet's too: their images are in use",)))
    plan.add(Step("images", "ImageService.ListImages", {}))
    plan.add(Step("image_status", "ImageService.ImageStatus",
                  {"image": {"image": Ref("@each", "id", "each unused image id")}, "verbose": True},
                  each=Ref("images", "images", "images"), optional=True,
                  where=Check(HERE + "unused_image", "images no container uses"),
                  when=Check(HERE + "filters_need_image_config", "only with until= or label="),
                  why=("the image config's creation time and labels, for --filter",)))
    plan.add(Step("rmi", "ImageService.RemoveImage",
                  {"image": {"image": Ref("@each", "id", "each image to remove")}},
                  each=Ref("images", "images", "images"), optional=True,
                  where=Check(HERE + "image_to_remove",
                              "unused images: untagged ones, or all with -a; matching --filter"),
                  action="remove each unused image"))
    plan.crictl += ["crictl rmp $(crictl pods -q --state notready --label io.dockercri.managed=true)",
                    "crictl rmi --prune"]
    return plan
