"""inspect, inspectp: print a JSON array; report every name that was not found."""

from dockercri.errors import AmbiguousName, DockerCLIError, NoSuchObject, PlainError
from dockercri.plan.common import refuse_if_needed
from dockercri.plan.inspect import status_request
from dockercri.plan.model import Pick
from dockercri.render import inspect as render
from dockercri.render import views

KIND_OF_MESSAGE = {"Container": "container", "Image": "image", "PodSandbox": "pod"}


def _document(session, kind, obj):
    executor = session.executor
    rpc, request = status_request(kind, obj.id)
    status = executor.call(rpc, request)
    if kind == "container":
        pods = {pod.id: pod for pod in executor.pods()}
        view = views.container_view(obj, status, pods)
        pod_status = None
        try:
            pod_status = executor.call("RuntimeService.PodSandboxStatus",
                                       {"pod_sandbox_id": obj.pod_sandbox_id})
        except DockerCLIError:
            pass
        return render.container_json(view, pod_status)
    if kind == "image":
        return render.image_json(obj, status)
    return render.pod_json(status)


def _inspect(intent, plan, session, kind, crictl_style=False):
    refuse_if_needed(plan, session)
    documents, errors = [], []
    for name in intent.args:
        try:
            obj = session.executor.pick_direct(Pick(kind, name))
            found_kind = kind if kind != "any" else KIND_OF_MESSAGE[type(obj).__name__]
            documents.append(_document(session, found_kind, obj))
        except AmbiguousName:
            errors.append("Error response from daemon: Multiple IDs found with provided prefix: %s"
                          % name)
        except NoSuchObject:
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
