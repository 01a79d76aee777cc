"""The plan: what a docker command becomes, as data.

A Plan is an ordered list of Steps. Each step names one CRI RPC and carries its
request as a plain dict in proto field names (the same JSON crictl reads from
its config files), so explain can print it without importing protobuf or grpc,
and the runtime layer turns it into a message only when it executes.

Where a step needs a value an earlier step returns (the id a name resolves to,
the pod id from RunPodSandbox), the request holds a Ref; the executor fills it
and explain prints it as `<container id from step 1>`.
"""

from dockercri.record import Factory, Record


class Ref(Record):
    """A value taken from an earlier step's result."""

    FIELDS = (
        "step",   # the `key` of the step that produces it
        "path",   # attribute path in that step's result, e.g. "id" or "status.log_path"
        "label",  # how explain names it, e.g. "container id"
    )
    FROZEN = True

    def describe(self, numbers):
        return "<%s from step %s>" % (self.label, numbers.get(self.step, "?"))


class Pick(Record):
    """Choose one object from a List* response by docker's naming rules."""

    FIELDS = ("kind", "name")  # kind: "container" | "image" | "pod" | "any"
    FROZEN = True

    def describe(self):
        if self.kind == "image":
            return 'find the image whose id, id prefix or name:tag is "%s"' % self.name
        if self.kind == "any":
            return 'find the container, image or pod sandbox named "%s" (id, id prefix or name)' % self.name
        return 'find the %s whose id, unique id prefix or name is "%s"' % (
            "pod sandbox" if self.kind == "pod" else self.kind, self.name)


class Step(Record):
    FIELDS = (
        "key",
        "rpc",                         # "RuntimeService.ListContainers"; None: a local action
        ("request", Factory(dict)),    # the request, proto field names
        ("pick", None),                # a Pick
        ("action", ""),                # for local steps: what dockercri does itself
        ("why", ()),                   # flags or facts that put this step here
        ("optional", False),           # failure of this step is tolerated (e.g. verbose info)
        ("each", ""),  # run once per item the named step returned; Ref("@each", ...) is the item
    )
    FROZEN = True


class FlagUse(Record):
    """One flag the user gave, and what the table says it becomes."""

    FIELDS = ("flag", "value", "status", "explanation")
    FROZEN = True


class Plan(Record):
    FIELDS = (
        "command",
        ("steps", Factory(list)),
        ("crictl", Factory(list)),    # equivalent crictl command lines
        ("files", Factory(dict)),     # crictl config files by name
        ("flags", Factory(list)),     # FlagUse of each flag given
        ("notes", Factory(list)),
        ("refusals", Factory(list)),  # what CRI cannot do, with why
    )

    def add(self, step):
        self.steps.append(step)
        return step

    def numbers(self):
        return {step.key: index for index, step in enumerate(self.steps, 1)}
