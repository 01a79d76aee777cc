"""What the user asked for, in docker's words.

An Intent is what the CLI hands to the planner: the docker command, its
positional arguments, every option's value (docker's defaults filled in), and
which flags the user actually typed (explain describes only those).
"""

from dockercri.record import Factory, Record


class Intent(Record):
    FIELDS = (
        "command",
        ("args", ()),                 # tuple of positional arguments
        ("options", Factory(dict)),   # dest name -> value, docker's defaults filled in
        ("given", frozenset()),       # dest names of flags typed on the command line
    )
    FROZEN = True

    def opt(self, name, default=None):
        return self.options.get(name, default)

    def has(self, name):
        return name in self.given
