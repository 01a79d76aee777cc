"""The plan: what a docker command becomes, as data.

A Plan is an ordered list of Steps. Each step names one CRI RPC and carries its
request as a plain dict in proto field names (the same JSON crictl reads from
its config files), so explain can print it without importing protobuf or grpc,
and the runtime layer turns it into a message only when it executes.

Where a step needs a value an earlier step returns (the id a name resolves to,
the pod id from RunPodSandbox), the request holds a Ref; the executor fills it
and explain prints it as `<container id from step 1>`.
"""

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple


@dataclass(frozen=True)
class Ref:
    """A value taken from an earlier step's result."""

    step: str  # the `key` of the step that produces it
    path: str  # attribute path in that step's result, e.g. "id" or "status.log_path"
    label: str  # how explain names it, e.g. "container id"

    def describe(self, numbers):
        return "<%s from step %s>" % (self.label, numbers.get(self.step, "?"))


@dataclass(frozen=True)
class Pick:
    """Choose one object from a List* response by docker's naming rules."""

    kind: str  # "container" | "image" | "pod" | "any"
    name: str

    def describe(self):
        if self.kind == "image":
            return 'find the image whose id, id prefix or name:tag is "%s"' % self.name
        if self.kind == "any":
            return 'find the container, image or pod sandbox named "%s" (id, id prefix or name)' % self.name
        return 'find the %s whose id, unique id prefix or name is "%s"' % (
            "pod sandbox" if self.kind == "pod" else self.kind, self.name)


@dataclass(frozen=True)
class Step:
    key: str
    rpc: Optional[str]  # "RuntimeService.ListContainers"; None for a local action
    request: Dict[str, Any] = field(default_factory=dict)
    pick: Optional[Pick] = None
    action: str = ""  # for local steps: what dockercri does itself
    why: Tuple[str, ...] = ()  # flags or facts that put this step here
    optional: bool = False  # failure of this step is tolerated (e.g. verbose info)
    each: str = ""  # run once per item the named step returned; Ref("@each", ...) is the item


@dataclass(frozen=True)
class FlagUse:
    """One flag the user gave, and what the table says it becomes."""

    flag: str
    value: Any
    status: str
    explanation: str


@dataclass
class Plan:
    command: str
    steps: List[Step] = field(default_factory=list)
    crictl: List[str] = field(default_factory=list)  # equivalent crictl command lines
    files: Dict[str, Any] = field(default_factory=dict)  # crictl config files by name
    flags: List[FlagUse] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    refusals: List[str] = field(default_factory=list)  # what CRI cannot do, with why

    def add(self, step):
        self.steps.append(step)
        return step

    def numbers(self):
        return {step.key: index for index, step in enumerate(self.steps, 1)}
