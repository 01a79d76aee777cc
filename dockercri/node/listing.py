"""Node steps of the listings: what ps reads on the node instead of asking the runtime
once per container. Each returns {id: argv}; an object left out is asked for by the
plan's next step, so a runtime that keeps its specs elsewhere costs calls, not rows."""

import json
import os

from dockercri import names
from dockercri.labels import COMMAND_LABEL
from dockercri.verbose import runtime_config


def _read_specs(context, objects):
    """{id: argv} from the OCI spec of each object, read from the runtime's task bundles
    (containerd keeps them under its state dir while the task runs). Objects whose spec
    cannot be read are left out: the plan asks the runtime for those one by one."""
    state = (runtime_config(context["runtime_status"]) or {}).get("stateDir")
    if not state:
        return {}
    bundles = os.path.join(os.path.dirname(state), "io.containerd.runtime.v2.task", "k8s.io")
    found = {}
    for obj in objects:
        try:
            with open(os.path.join(bundles, obj.id, "config.json"), "rb") as handle:
                spec = json.load(handle)
        except (OSError, ValueError):
            continue
        args = (spec.get("process") or {}).get("args") if isinstance(spec, dict) else None
        if args:
            found[obj.id] = list(args)
    return found


def read_container_specs(context, request):
    """The argv of each running container whose command is not in dockercri's label."""
    return _read_specs(context, [c for c in context["containers"].containers
                                 if COMMAND_LABEL not in c.labels and c.state == 1])


def read_sandbox_specs(context, request):
    """The argv of each running kubelet pod sandbox (its k8s_POD_ row's COMMAND)."""
    return _read_specs(context, [pod for pod in context["pods"].items
                                 if not names.is_managed(pod) and pod.state == 0])
