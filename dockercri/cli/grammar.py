"""docker's flag grammar (spf13/pflag) rewritten into what click parses.

Differences handled here, before click sees the arguments:
- `--rm=false`: pflag lets a boolean flag take an explicit value; click does
  not, so the value is read here and turned into the flag or its hidden negation.
- `-e=A=1`: pflag drops the `=` after a one-letter flag; click would keep it.
"""

from dockercri.cli.values import BOOL_WORDS
from dockercri.errors import UsageError

NEGATION_PREFIX = "--dockercri-false-"


def negation(long_name):
    return NEGATION_PREFIX + long_name[2:]


def normalise(args, flags, interspersed=True):
    """Rewrite docker-style args for click; stops at `--` and, when not
    interspersed (run, exec, create), at the first positional argument."""
    by_long = {flag.name: flag for flag in flags}
    by_short = {flag.short: flag for flag in flags if flag.short}
    out = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            out.extend(args[index - 1:])
            break
        if arg.startswith("--") and "=" in arg:
            name, _, value = arg.partition("=")
            flag = by_long.get(name)
            if flag is not None and flag.type == "bool":
                out.append(_bool_arg(flag, value))
                continue
        elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 2 and arg[2] == "=":
            flag = by_short.get(arg[:2])
            if flag is not None and flag.type == "bool":
                out.append(_bool_arg(flag, arg[3:]))
                continue
            if flag is not None:
                out.extend([arg[:2], arg[3:]])
                continue
        elif not arg.startswith("-") or arg == "-":
            out.append(arg)
            if not interspersed:
                out.extend(args[index:])
                break
            continue
        out.append(arg)
        if _takes_separate_value(arg, by_long, by_short) and index < len(args):
            out.append(args[index])
            index += 1
    return out


def _bool_arg(flag, text):
    if text not in BOOL_WORDS:
        label = "%s, %s" % (flag.short, flag.name) if flag.short else flag.name
        raise UsageError('invalid argument "%s" for "%s" flag: strconv.ParseBool: parsing "%s": '
                         "invalid syntax" % (text, label, text))
    return flag.name if BOOL_WORDS[text] else negation(flag.name)


def _takes_separate_value(arg, by_long, by_short):
    """True when the next argument is this flag's value (so it is not a positional)."""
    if arg.startswith("--"):
        flag = by_long.get(arg)
        return flag is not None and flag.type != "bool"
    # Combined shorts like -it or -dp: the last letter may take the next argument.
    for pos in range(1, len(arg)):
        flag = by_short.get("-" + arg[pos])
        if flag is None:
            return False
        if flag.type != "bool":
            return pos == len(arg) - 1
    return False
