"""Executes a Plan against the runtime, step by step; never prints.

Identical list calls within one run are made once: `inspect a b c` resolves
three names from one ListContainers answer.
"""

import json

from dockercri import names
from dockercri.plan.model import Pick, Ref


class Results(dict):
    """Step key → that step's result (a response message or a picked object)."""


def _get_path(obj, path):
    for part in path.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


def fill(value, results):
    """Replace every Ref inside a request with the value an earlier step produced."""
    if isinstance(value, Ref):
        return _get_path(results[value.step], value.path)
    if isinstance(value, dict):
        return {key: fill(item, results) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, results) for item in value]
    return value


class Executor:
    def __init__(self, cri):
        self.cri = cri
        self._cache = {}

    def call(self, rpc, request=None):
        """Call an RPC; List* calls with the same request are answered from memory."""
        cacheable = rpc.split(".", 1)[1].startswith("List")
        key = (rpc, json.dumps(request, sort_keys=True, default=str)) if cacheable else None
        if key is not None and key in self._cache:
            return self._cache[key]
        response = self.cri.call(rpc, request)
        if key is not None:
            self._cache[key] = response
        return response

    def invalidate(self):
        self._cache.clear()

    def run(self, plan, results=None, only=None):
        results = Results() if results is None else results
        for step in plan.steps:
            if only is not None and step.key not in only:
                continue
            if step.rpc is None or step.each:
                continue  # local actions and per-item steps are driven by the command
            if step.pick is not None:
                results[step.key] = self.pick(step.pick)
                continue
            request = fill(step.request, results)
            if step.optional:
                try:
                    results[step.key] = self.call(step.rpc, request)
                except Exception:  # noqa: BLE001 - optional detail, e.g. verbose info
                    results[step.key] = None
            else:
                results[step.key] = self.call(step.rpc, request)
        return results

    def run_each(self, step, items):
        """One call per item, all in flight together; returns results in item order
        (None for an optional step's failures)."""
        requests = [fill(step.request, {"@each": item}) for item in items]
        results = self.cri.call_many(step.rpc, requests)
        for index, result in enumerate(results):
            if isinstance(result, Exception):
                if not step.optional:
                    raise result
                results[index] = None
        return results

    # -- naming -----------------------------------------------------------
    def containers(self):
        return list(self.call("RuntimeService.ListContainers", {}).containers)

    def pods(self):
        return list(self.call("RuntimeService.ListPodSandbox", {}).items)

    def images(self):
        return list(self.call("ImageService.ListImages", {}).images)

    def pick(self, pick):
        if pick.kind == "container":
            return names.pick_container(pick.name, self.containers(), self.pods())
        if pick.kind == "pod":
            return names.pick_pod(pick.name, self.pods())
        if pick.kind == "image":
            return names.pick_image(pick.name, self.images())
        return self.pick_any(pick.name)

    def pick_any(self, wanted):
        """inspect without --type: a container, then an image, then a pod sandbox."""
        from dockercri.errors import NoSuchObject
        for kind in ("container", "image", "pod"):
            try:
                return self.pick(Pick(kind, wanted))
            except NoSuchObject:
                continue
        raise NoSuchObject("object", wanted)
