"""network ls/inspect: the networks a container here can be on.

CRI has no network objects. What a container can join is the node's network
(`--network host`), no network (`--network none`), or the pod network the
runtime's CNI plugin sets up; containerd names its CNI configuration in the
runtime's verbose Status, which is the one call these plans make."""

from dockercri.plan.common import start
from dockercri.plan.model import Step


def _plan(intent, command):
    plan = start(command, intent)
    plan.add(Step("status", "RuntimeService.Status", {"verbose": True},
                  why=("the runtime's CNI configuration names the pod network "
                       "(containerd: info.cniconfig.Networks); host and none are always there",)))
    plan.crictl.append("crictl info")
    return plan


def plan_network_ls(intent, command):
    return _plan(intent, command)


def plan_network_inspect(intent, command):
    return _plan(intent, command)


def plan_network_prune(intent, command):
    """Nothing to prune: docker's prune removes only custom networks, and every network
    here is the node's (host, none, the runtime's pod network). No runtime call."""
    plan = start(command, intent)
    plan.add(Step("networks", action="remove nothing and print nothing, as docker's prune does "
                                     "when no custom network is unused",
                  why=("CRI has no networks of its own: host, none and the pod network the "
                       "runtime's CNI plugin sets up are the node's, pre-defined as docker's "
                       "bridge is, and docker's prune keeps those",)))
    return plan
