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
    """Choose one object from a List* response by docker's naming rules.

    The lists come from earlier steps of the plan (`containers`, `pods`, `images`
    name the keys of those steps), so the calls that resolve a name are steps
    that explain shows, not calls made behind the plan's back."""

    FIELDS = ("kind", "name",  # kind: "container" | "image" | "pod" | "any"
              ("containers", "containers"), ("pods", "pods"), ("images", "images"),
              ("sandboxes", False))  # a kubelet pod's sandbox counts as a container
    FROZEN = True

    def describe(self, numbers=None):
        if self.kind == "image":
            text = 'find the image whose id, id prefix or name:tag is "%s"' % self.name
        elif self.kind == "any":
            text = ('find the container, image or pod sandbox named "%s" (id, id prefix or name)'
                    % self.name)
        else:
            text = 'find the %s whose id, unique id prefix or name is "%s"' % (
                "pod sandbox" if self.kind == "pod" else
                "container (or kubelet pod sandbox, k8s_POD_...)" if self.sandboxes
                else self.kind, self.name)
        if numbers:
            keys = {"container": (self.containers, self.pods), "pod": (self.pods,),
                    "image": (self.images,)}.get(self.kind,
                                                 (self.containers, self.pods, self.images))
            steps = [str(numbers[key]) for key in keys if key in numbers]
            if steps:
                text += " in the list%s of step%s %s" % (
                    "s" if len(steps) > 1 else "", "s" if len(steps) > 1 else "",
                    " and ".join(steps))
        return text


class Check(Record):
    """A condition on what earlier steps returned: `test` names a function
    ("module:function", called with the executor's Context and `args`) and `text`
    is how explain says it ("only when the image is missing")."""

    FIELDS = ("test", "text", ("args", ()))
    FROZEN = True


class Computed(Record):
    """A request value made from earlier results by a function ("module:function",
    called with the executor's Context and `args`) when the step runs; explain
    prints `label`."""

    FIELDS = ("function", "label", ("args", ()))
    FROZEN = True

    def describe(self, numbers):
        return "<%s>" % self.label


class Step(Record):
    """One thing a command does. Exactly one of these makes it act:

    - `rpc`: a CRI call with `request` (Refs filled from earlier results);
    - `pick`: resolve a docker name in lists earlier steps fetched (no call);
    - `node`: work done on the node, not through CRI ("module:function", called
      with the Context and the filled request): a log file read, a signal sent by
      pid, a file written, a stream joined.

    Around it: `when` (a Check: the step is skipped unless it holds), `each` (a
    Ref to a list: the step runs once per item, `where` filtering the items;
    Ref("@each", ...) is the item), `until` (a Check: the call is repeated every
    `interval` seconds until it holds: a wait), `held` (Ctrl-C and SIGTERM wait
    until it returns), `undo` (steps that take back what this step made, run in
    reverse order if the command fails or is interrupted before a step marked
    `keep`), `group` (steps acting on one of several named objects: a failure
    ends that group only, as docker goes on to the next name), `errors` (a
    function turning a failure of this step into docker's message), `on_demand`
    (a call a node step makes while it runs, e.g. the container's state polled while
    its log is followed: declared here, so explain shows it and the trace names it).
    """

    FIELDS = (
        "key",
        ("rpc", None),                 # "RuntimeService.ListContainers"
        ("request", Factory(dict)),    # the request, proto field names
        ("pick", None),                # a Pick
        ("action", ""),                # what dockercri does itself, in words (explain)
        ("why", ()),                   # flags or facts that put this step here
        ("optional", False),           # a failure leaves None as the result
        ("each", None),                # a Ref to a list: once per item
        ("where", None),               # a Check on each item
        ("node", None),                # "module:function": a step done on the node
        ("when", None),                # a Check: run only when it holds
        ("until", None),               # a Check: repeat the call until it holds
        ("interval", 0.1),
        ("timeout", None),             # seconds an `until` step may take, then WaitTimeout
        ("held", False),               # interrupts are held while it runs
        ("undo", ()),                  # Steps taking back what it made
        ("keep", False),               # from here on, what was made is kept
        ("group", None),               # one of several named objects the command acts on
        ("errors", None),              # "module:function": failure -> docker's error
        ("args", ()),                  # more arguments for the node or errors function
        ("during", None),              # a Check naming what shows while the call waits
                                       # (a context manager: pull's progress line)
        ("on_demand", ""),             # not run in turn: a node step calls it when it needs
                                       # to ("each time a connection arrives"); explain says when
        ("lock", None),                # a Ref: steps of several names whose values are equal
                                       # run one at a time (removals in one pod sandbox)
    )
    FROZEN = True

    @property
    def kind(self):
        if self.rpc:
            return "rpc"
        if self.pick is not None:
            return "pick"
        return "node" if self.node else "note"


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
        ("parallel", 1),              # groups run this many at a time
    )

    def add(self, step):
        self.steps.append(step)
        return step

    def numbers(self):
        return {step.key: index for index, step in enumerate(self.steps, 1)}
