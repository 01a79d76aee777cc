"""inspect, inspectp: print a JSON array; report every name that was not found."""

from dockercri.errors import AmbiguousName, DockerCLIError, PlainError
from dockercri.plan.common import refuse_if_needed
from dockercri.render import inspect as render
from dockercri.render import views

KIND_OF_MESSAGE = {"Container": "container", "Image": "image", "PodSandbox": "pod"}


def _status_of(results, index, kind, conditional):
    return results.get("status%d_%s" % (index, kind) if conditional else "status%d" % index)


def _document(results, index, kind, obj, conditional):
    status = _status_of(results, index, kind, conditional)
    if kind == "container":
        pods = {pod.id: pod for pod in results["pods"].items}
        view = views.container_view(obj, status, pods)
        return render.container_json(view, results.get("pod%d" % index))
    if kind == "image":
        return render.image_json(obj, status)
    return render.pod_json(status)


def _inspect(intent, plan, session, kind, crictl_style=False):
    refuse_if_needed(plan, session)
    results = session.executor.execute(plan, session)
    documents, errors = [], []
    for index, name in enumerate(intent.args, 1):
        error = results.errors.get(index)
        if error is None:
            obj = results["find%d" % index]
            found_kind = kind if kind != "any" else KIND_OF_MESSAGE[type(obj).__name__]
            documents.append(_document(results, index, found_kind, obj, kind == "any"))
        elif isinstance(error, AmbiguousName):
            errors.append("Error response from daemon: Multiple IDs found with provided prefix: %s"
                          % name)
        else:  # not found, or gone between the list and its status
            errors.append("Error: No such %s: %s" % (
                "object" if kind == "any" else ("pod sandbox" if kind == "pod" else kind), name))
    fmt = intent.opt("format") if "format" in intent.options else None
    if fmt:
        _write_formatted(session, fmt, documents)
    elif crictl_style:
        for document in documents:  # crictl prints one JSON object per pod
            session.out(render.dump(document))
    else:
        session.out(render.dump(documents))
    if errors:
        raise DockerCLIError("\n".join(errors), exit_code=1)
    return 0


def _write_formatted(session, fmt, documents):
    """inspect -f: the template runs over each object's JSON, one line each, as docker's
    inspect does (it templates the raw JSON maps, so a missing key prints <no value>)."""
    from dockercri.gotemplate import Template, TemplateError
    try:
        template = Template.parse(fmt)
        for document in documents:
            session.out(template.execute(document, strict_fields=False))
    except TemplateError as error:
        raise PlainError("Template parsing error: %s" % error, exit_code=1)


def run_inspect(intent, plan, session):
    return _inspect(intent, plan, session, (intent.opt("type") or "any").lower())


def run_inspectp(intent, plan, session):
    return _inspect(intent, plan, session, "pod", crictl_style=True)
