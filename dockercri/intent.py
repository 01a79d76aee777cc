"""What the user asked for, in docker's words.

An Intent is what the CLI hands to the planner: the docker command, its
positional arguments, every option's value (docker's defaults filled in), and
which flags the user actually typed (explain describes only those).
"""

from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, Tuple


@dataclass(frozen=True)
class Intent:
    command: str
    args: Tuple[str, ...] = ()
    options: Dict[str, Any] = field(default_factory=dict)
    given: FrozenSet[str] = frozenset()  # dest names of flags typed on the command line

    def opt(self, name, default=None):
        return self.options.get(name, default)

    def has(self, name):
        return name in self.given
