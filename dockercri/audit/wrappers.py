"""Commands that run their arguments as a command: `sudo docker ps`, `timeout 5 docker info`,
`xargs docker rm -f`. Each knows which of its options take a value, so the audit can step
over them to the command they run."""

from dockercri.audit.words import Dynamic

# Commands whose -c option is shell text to run.
SHELLS = ("sh", "bash", "dash", "ksh", "zsh", "ash", "su")


class Wrapper:
    def __init__(self, shorts="", longs=(), positionals=0, stops="", assignments=False,
                 appends=False):
        self.shorts = shorts            # short options that take a value
        self.longs = longs              # long options that take a value
        self.positionals = positionals  # operands before the command (timeout's DURATION)
        self.stops = stops              # short options after which no command follows
        self.assignments = assignments  # env's NAME=VALUE words
        self.appends = appends          # xargs: its input becomes more arguments

    def skip(self, values, env):
        """How many words precede the command; None when no command follows."""
        index = 0
        while index < len(values):
            word = values[index]
            if not isinstance(word, str):
                return None if word.prefix.startswith("-") else index
            if word == "--":
                index += 1
                break
            if word.startswith("--"):
                name = word.split("=", 1)[0]
                if name in self.longs and "=" not in word:
                    index += 1
            elif word.startswith("-") and len(word) > 1:
                for position, letter in enumerate(word[1:], 1):
                    if letter in self.stops:
                        return None
                    if letter in self.shorts:
                        if position == len(word) - 1:
                            index += 1  # the value is the next word
                        break
            elif self.assignments and "=" in word and not word.startswith("="):
                env.append(tuple(word.split("=", 1)))
            else:
                break
            index += 1
        index += self.positionals
        return index if index < len(values) else None

    def appender(self, values):
        """xargs: -I NAME replaces NAME with an input item, else items follow the arguments."""
        replace = None
        for position, word in enumerate(values):
            if not isinstance(word, str):
                break
            if word in ("-I", "-i") and position + 1 < len(values):
                replace = values[position + 1]
            elif word.startswith("-I") and len(word) > 2:
                replace = word[2:]
            elif word.startswith("--replace"):
                replace = word.partition("=")[2] or "{}"
        item = Dynamic("<an input line of xargs>")
        if replace is not None:
            return lambda rest: [item if isinstance(word, str) and replace in word else word
                                 for word in rest]
        return lambda rest: list(rest) + [item]


WRAPPERS = {
    "sudo": Wrapper(shorts="ugpCDrtTU", longs=("--user", "--group", "--prompt", "--close-from",
                                                 "--chdir", "--host", "--role", "--type",
                                                 "--command-timeout", "--other-user"),
                    stops="lleVvK"),
    "doas": Wrapper(shorts="uC"),
    "timeout": Wrapper(shorts="sk", longs=("--signal", "--kill-after"), positionals=1),
    "env": Wrapper(shorts="uCS", longs=("--unset", "--chdir", "--split-string"),
                   assignments=True),
    "xargs": Wrapper(shorts="IaEdLnPs", longs=("--arg-file", "--delimiter", "--max-lines",
                                                "--max-args", "--max-procs", "--max-chars",
                                                "--process-slot-var"),
                     appends=True),
    "exec": Wrapper(shorts="a"),
    "nice": Wrapper(shorts="n", longs=("--adjustment",)),
    "nohup": Wrapper(),
    "time": Wrapper(shorts="fo", longs=("--format", "--output")),
    "command": Wrapper(stops="vV"),
    "builtin": Wrapper(),
    "stdbuf": Wrapper(shorts="ioe", longs=("--input", "--output", "--error")),
    "ionice": Wrapper(shorts="cnp", longs=("--class", "--classdata", "--pid")),
    "setsid": Wrapper(),
    "chronic": Wrapper(),
    "unbuffer": Wrapper(),
    "flock": Wrapper(shorts="wE", longs=("--timeout", "--conflict-exit-code"), positionals=1,
                     stops="c"),
    "runuser": Wrapper(shorts="ugGl", longs=("--user", "--group", "--supp-group")),
}
