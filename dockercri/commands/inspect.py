"""inspect, inspectp: print a JSON array; report every name that was not found."""

from dockercri.errors import AmbiguousName, PlainError
from dockercri.plan.common import refuse_if_needed
from dockercri.render import inspect as render
from dockercri.render import views

def _by_name(results, names, key, type_name):
    """The result of fanned-out step `key` for each name whose pick is a `type_name`."""
    outcomes = iter(results.get(key) or ())
    return {index: next(outcomes, None) for index in range(1, len(names) + 1)
            if type(results.get("find%d" % index)).__name__ == type_name}


def _documents(results, names):
    """(index, document or None) per name found; None where its status failed: it went
    away between the list and the status call."""
    statuses = _by_name(results, names, "status_container", "Container")
    pod_statuses = _by_name(results, names, "pod_status", "Container")
    images = _by_name(results, names, "status_image", "Image")
    pods = _by_name(results, names, "status_pod", "PodSandbox")
    sandboxes = _by_name(results, names, "status_sandbox", "Sandbox")
    pods_by_id = {pod.id: pod for pod in results["pods"].items} if "pods" in results else {}
    paused = results.get("paused") or ()
    out = {}
    for index in range(1, len(names) + 1):
        obj = results.get("find%d" % index)
        if index in statuses:
            status = statuses[index]
            if status is not None:
                view = views.container_view(obj, status, pods_by_id)
                view.paused = obj.id in paused
                out[index] = render.container_json(view, pod_statuses.get(index),
                                                   (results.get("rootfs") or {}).get(obj.id))
            else:
                out[index] = None
        elif index in sandboxes:
            status = sandboxes[index]
            if status is not None:
                view = views.sandbox_view(obj.pod, status)
                view.paused = obj.id in paused
                out[index] = render.container_json(view, status)
            else:
                out[index] = None
        elif index in images:
            out[index] = None if images[index] is None else render.image_json(obj, images[index])
        elif index in pods:
            out[index] = None if pods[index] is None else render.pod_json(pods[index])
    return out


def _inspect(intent, plan, session, kind, crictl_style=False):
    refuse_if_needed(plan, session)
    results = session.executor.execute(plan, session)
    found = _documents(results, intent.args)
    documents, errors = [], []
    fmt = intent.opt("format") if "format" in intent.options else None
    template = parse_format(fmt) if fmt else None
    written = []
    for index, name in enumerate(intent.args, 1):
        document = found.get(index)
        if document is not None and template is not None:
            # each object's line, or its template error, in the order of the names
            try:
                written.append(formatted(template, document))
            except TemplateFailed as failure:
                errors.append(str(failure))
        elif document is not None:
            documents.append(document)
        elif isinstance(results.errors.get("find%d" % index), AmbiguousName):
            errors.append("Error response from daemon: Multiple IDs found with provided prefix: %s"
                          % name)
        else:  # not found, or gone between the list and its status
            errors.append("Error: No such %s: %s" % (
                "object" if kind == "any" else ("pod sandbox" if kind == "pod" else kind), name))
    if template is not None:
        # docker's template inspector writes a bare newline when no object printed
        session.out("\n".join(written) if written else "")
    elif crictl_style:
        for document in documents:  # crictl prints one JSON object per pod
            session.out(render.dump(document))
    else:
        session.out(render.dump(documents))
    if errors:  # whole messages, printed as they are
        raise PlainError("\n".join(errors), exit_code=1)
    return 0


class GoFields(dict):
    """An inspect document as docker's -f sees it: the typed object first (Go's field
    names: ID), then the raw JSON (its keys: Id), so both spellings resolve."""

    GO_NAMES = {"ID": "Id"}

    def __contains__(self, key):
        return super().__contains__(key) or super().__contains__(self.GO_NAMES.get(key, ""))

    def __getitem__(self, key):
        if not super().__contains__(key) and key in self.GO_NAMES:
            key = self.GO_NAMES[key]
        return super().__getitem__(key)


class TemplateFailed(Exception):
    """An object the -f template could not be executed on: docker's message for it."""


def parse_format(fmt):
    from dockercri.gotemplate import Template, TemplateError
    try:
        return Template.parse(fmt)
    except TemplateError as error:
        raise PlainError("Template parsing error: %s" % error, exit_code=1)


def formatted(template, document):
    """inspect -f on one object, as docker's client runs it: over the typed object first
    (a struct's unknown field is an error, a map's missing key <no value>, a nil pointer
    <nil>), and when that fails over the raw JSON with missingkey=error, so keys only the
    JSON has (Id) still resolve; the raw attempt's error is the one reported."""
    import json
    from dockercri.gotemplate import TemplateError
    try:
        return template.execute(GoFields(document), missingkey="error")
    except TemplateError:
        pass
    try:
        return template.execute(json.loads(json.dumps(document)), missingkey="error")
    except TemplateError as error:
        raise TemplateFailed("Template parsing error: %s" % error) from None


def run_inspect(intent, plan, session):
    return _inspect(intent, plan, session, (intent.opt("type") or "any").lower())


def run_inspectp(intent, plan, session):
    return _inspect(intent, plan, session, "pod", crictl_style=True)
