"""events: docker's container events from changes in ListContainers (the checks and the
node step of the events plan; they print each event as it is seen).

create, start, die and destroy are seen (a container that appears, starts, exits, goes);
CRI's list gives no exit code, so die asks the container's status for it (the plan's
on-demand step "exit"). Past events (--since) are rebuilt from the times the runtime keeps
for containers still there."""

import json
import time

from dockercri import filters, names
from dockercri.labels import IMAGE_LABEL, PREFIX
from dockercri.errors import PlainError
from dockercri.mapping import transforms

EVENT_FILTERS = ("container", "event", "image", "label", "type", "volume", "network", "daemon",
                 "plugin", "node", "service", "secret", "config", "scope")
CREATED, RUNNING, EXITED = 0, 1, 2


def _times(intent):
    now = time.time()
    since = transforms.log_time(intent.opt("since")) if intent.opt("since") else None
    until = transforms.log_time(intent.opt("until")) if intent.opt("until") else None
    return now, since, until


def validate(intent):
    try:
        _times(intent)
    except ValueError as error:
        raise PlainError(str(error), exit_code=1)
    wanted(intent)


def wanted(intent):
    return filters.parse([transforms.filter_pair(raw) for raw in intent.opt("filter") or ()],
                         EVENT_FILTERS)


class Watch:
    """What the watching remembers between polls (kept on the session for one command)."""

    def __init__(self, intent, session):
        self.intent, self.session = intent, session
        _, self.since, self.until = _times(intent)
        self.filters = wanted(intent)
        self.known = {}  # container id -> (state, container)

    def emit(self, action, container, when_ns, extra=None):
        attributes = {key: value for key, value in container.labels.items()
                      if not key.startswith(PREFIX)}
        attributes.update(extra or {})
        image = container.labels.get(IMAGE_LABEL) or container.image.image
        attributes.update({"image": image, "name": names.container_name(container)})
        if not self._matches(action, container, attributes):
            return
        message = {"status": action, "id": container.id, "from": image, "Type": "container",
                   "Action": action, "Actor": {"ID": container.id, "Attributes": attributes},
                   "scope": "local", "time": when_ns // 1_000_000_000, "timeNano": when_ns}
        self.session.out(render(message, self.intent.opt("format")))
        self.session.env.stdout.flush()

    def _matches(self, action, container, attributes):
        checks = {
            "container": lambda v: container.id.startswith(v) or attributes["name"] == v,
            "event": lambda v: v == action,
            "image": lambda v: attributes["image"] in (v, names.normalise_reference(v)),
            "label": lambda v: _label(attributes, v),
            "type": lambda v: v == "container",
            "scope": lambda v: v == "local",
        }
        return all(any(checks.get(key, lambda v: False)(value) for value in values)
                   for key, values in self.filters.items())

    def changes(self, containers, now_ns, exit_code=lambda container_id: None):
        """Emit what changed since the last poll; `exit_code(id)` gives a dead container's
        exit code (None when it cannot be had: die then goes without one)."""
        current = {c.id: c for c in containers}
        for ident, container in current.items():
            state, _ = self.known.get(ident, (None, None))
            if state is None:
                self.emit("create", container, container.created_at or now_ns)
            if container.state in (RUNNING, EXITED) and state in (None, CREATED):
                self.emit("start", container, now_ns)
            if container.state == EXITED and state != EXITED:
                code = exit_code(ident)
                self.emit("die", container, now_ns,
                          {"exitCode": str(code)} if code is not None else None)
        for ident, (_, container) in list(self.known.items()):
            if ident not in current:
                self.emit("destroy", container, now_ns)
        self.known = {ident: (c.state, c) for ident, c in current.items()}


def _label(attributes, wanted_label):
    key, eq, value = wanted_label.partition("=")
    return key in attributes and (not eq or attributes[key] == value)


def render(message, fmt):
    if fmt:
        from dockercri.gotemplate import Template, TemplateError
        if fmt.strip() == "{{json .}}":
            return json.dumps(message, separators=(",", ":"))
        data = {"Status": message["status"], "ID": message["id"], "From": message["from"],
                "Type": message["Type"], "Action": message["Action"],
                "Actor": {"ID": message["id"], "Attributes": message["Actor"]["Attributes"]},
                "Scope": "local", "Time": message["time"], "TimeNano": message["timeNano"]}
        try:
            return Template.parse(fmt).execute(data, strict_fields=False)
        except TemplateError as error:
            raise PlainError("Template parsing error: %s" % error, exit_code=1)
    attributes = message["Actor"]["Attributes"]
    text = "%s container %s %s" % (_stamp(message["timeNano"]), message["Action"], message["id"])
    if attributes:
        text += " (%s)" % ", ".join("%s=%s" % item for item in sorted(attributes.items()))
    return text


def _stamp(ns):
    """Go's 2006-01-02T15:04:05.000000000Z07:00 in the local zone, as docker prints it."""
    seconds, frac = divmod(int(ns), 1_000_000_000)
    local = time.localtime(seconds)
    offset = local.tm_gmtoff
    zone = "Z" if offset == 0 else "%s%02d:%02d" % ("+" if offset > 0 else "-",
                                                     abs(offset) // 3600, abs(offset) % 3600 // 60)
    return time.strftime("%Y-%m-%dT%H:%M:%S", local) + ".%09d" % frac + zone


def start_watch(context, request, intent):
    """Node step: what the watching remembers between polls, for the steps after it."""
    return Watch(intent, context.session)


def _watch(context):
    return context["watcher"]


def has_since(context):
    return _watch(context).since is not None


def replay(context, request):
    """The --since events still to be seen in what the runtime keeps, oldest first."""
    watch = _watch(context)
    happened = []
    for container in context["first"].containers:
        happened.append((container.created_at, "create", container))
    happened.sort(key=lambda item: item[0])
    for when, action, container in happened:
        if when >= watch.since and (watch.until is None or when <= watch.until):
            watch.emit(action, container, when)
    watch.known = {c.id: (c.state, c) for c in context["first"].containers}
    return None


def until_ahead(context):
    watch = _watch(context)
    if not watch.known and watch.since is None:
        watch.known = {c.id: (c.state, c) for c in context["first"].containers}
    return watch.until is None or watch.until > time.time_ns()


def emit_until(context):
    watch = _watch(context)
    now = time.time_ns()
    watch.changes(context["watch"].containers, now, lambda ident: _exit_code(context, ident))
    return watch.until is not None and now >= watch.until


def _exit_code(context, container_id):
    from dockercri.errors import DockerCLIError
    try:
        return context.call("exit", container_id=container_id).status.exit_code
    except DockerCLIError:  # removed already: die goes without its code
        return None

