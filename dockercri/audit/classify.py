"""One verdict per docker call, from dockercri's own parser, table and plan.

The call's words go through `plan_argv`, the pipeline `explain` uses, which never
touches the runtime. A word known only at run time stands in as a placeholder
operand; when the verdict would depend on its value the call is `unknown`.

    works    runs as with docker
    differs  runs, but something a script may rely on is different (named)
    refused  dockercri refuses it: what CRI cannot do, or a command it does not have
    unknown  the words that decide it are known only at run time
"""


from dockercri.audit.words import Dynamic
from dockercri.errors import DockerCLIError
from dockercri.plan.common import UNSUPPORTED_ENV
from dockercri.record import Record

VERDICTS = ("works", "differs", "refused", "unknown")
_PLACEHOLDER = "runtime-value-%d"
# Global flags that mean something else to dockercri: (the words, what a script finds)
_GLOBAL_DIFFERS = (
    (("-c",), "-c is docker's --context; dockercri reads it as a crictl config file"),
)


class Verdict(Record):
    FIELDS = ("verdict", "reason", ("argv", ()), ("plan", None), ("command", None))
    FROZEN = True


def classify(call):
    """Verdict of one Call (its words are those after the docker binary)."""
    stand_ins = {}
    words = []
    for word in call.words:
        if isinstance(word, Dynamic):
            if word.spread:
                return Verdict("unknown", "%s may expand to any words, flags included: they "
                                          "are known only at run time" % word.text)
            placeholder = _PLACEHOLDER % (len(stand_ins) + 1)
            stand_ins[placeholder] = word.text
            word = word.prefix + placeholder + word.suffix
        words.append(word)
    from dockercri.cli.main import split_globals

    try:
        globals_, rest = split_globals(words)
        from dockercri.config import docker_host
        host = globals_.get("host")
        if host is not None and not _is_stand_in(host, stand_ins):
            docker_host(host)  # docker's socket: this node's runtime; tcp:// or ssh://: refused
    except DockerCLIError as error:
        return _refused_by(error, stand_ins)
    if not rest or globals_.get("help") or globals_.get("version"):
        return Verdict("works", "prints docker's help or version", tuple(words))
    if _is_stand_in(rest[0], stand_ins) or (
            len(rest) > 1 and _is_stand_in(rest[1], stand_ins) and rest[0] in _group_words()):
        word = rest[0] if _is_stand_in(rest[0], stand_ins) else rest[1]
        return Verdict("unknown", "the docker command comes from %s, known only at run time"
                       % _named(word, stand_ins), tuple(words))
    from dockercri.cli.dispatch import plan_argv

    try:
        command, intent, plan = plan_argv(rest)
    except DockerCLIError as error:
        return _refused_by(error, stand_ins, tuple(words))
    return _judge(call, command, intent, plan, rest, stand_ins, tuple(words))


def _judge(call, command, intent, plan, rest, stand_ins, argv):
    found = dict(argv=argv, plan=plan, command=command)
    rejected = [step for step in plan.steps if step.node == "dockercri.node.refuse:refuse"]
    if rejected:  # a value docker itself rejects: the plan is that refusal
        request = rejected[0].request
        if any(_is_stand_in(word, stand_ins) for word in rest):
            return Verdict("unknown", "depends on values known only at run time (%s); with "
                           "stand-ins dockercri says: %s" % (
                               ", ".join(stand_ins.values()),
                               " ".join(request["message"].split())), **found)
        return _refused_by(DockerCLIError(request["message"], exit_code=request["exit_code"]),
                           stand_ins, argv)
    if command.status == "unsupported":  # the whole command: no variable makes it run
        return Verdict("refused", "not possible over CRI: " + plan.refusals[0], **found)
    if plan.refusals:
        waiting = _refusals_on_stand_ins(command, intent, plan, stand_ins)
        if waiting:
            return Verdict("unknown", "; ".join(waiting), **found)
        reason = "not possible over CRI: " + "; ".join(plan.refusals)
        if dict(call.env).get(UNSUPPORTED_ENV, "").lower() == "warn":
            return Verdict("differs", "%s=warn: runs without what CRI cannot do (%s)"
                           % (UNSUPPORTED_ENV, "; ".join(plan.refusals)), **found)
        return Verdict("refused", reason, **found)
    given = {word.split("=", 1)[0] for word in argv[:len(argv) - len(rest)]}
    differences = [text for names, text in _GLOBAL_DIFFERS if given & set(names)]
    if command.differs and "quiet" not in intent.given:
        differences.append(command.differs)
    differences += ["%s: %s" % (flag.name, flag.differs) for flag in command.flags
                    if flag.differs and flag.dest in intent.given]
    if differences:
        return Verdict("differs", " ".join(differences), **found)
    return Verdict("works", "runs as with docker, over CRI: %s" % _calls_of(plan), **found)


def _calls_of(plan):
    """The CRI calls the command always makes (conditional and on-demand ones are in
    --explain's plan)."""
    names = []
    for step in plan.steps:
        if not step.rpc or step.when is not None or step.on_demand:
            continue
        name = step.rpc.split(".")[-1]
        if name not in names:
            names.append(name)
    return ", ".join(names) or "no runtime call"


def _refusals_on_stand_ins(command, intent, plan, stand_ins):
    """Refusals of flags whose value is a run-time word: docker's default value is accepted."""
    waiting = []
    for line in plan.refusals:
        name = line.split(":", 1)[0]
        try:
            flag = command.flag(name)
        except KeyError:
            continue
        value = intent.options.get(flag.dest)
        if any(_is_stand_in(str(item), stand_ins) for item in _items(value)):
            waiting.append("the value of %s comes from %s at run time: dockercri refuses it "
                           "unless it is docker's default (%s)"
                           % (flag.name, _named(str(value), stand_ins), flag.default))
    return waiting if len(waiting) == len(plan.refusals) else []


def _refused_by(error, stand_ins, argv=()):
    message = " ".join(error.message.replace("\n", " ").split())
    if any(placeholder in message for placeholder in stand_ins):
        return Verdict("unknown", "depends on a value known only at run time (%s); with a "
                       "stand-in dockercri says: %s" % (", ".join(stand_ins.values()), message),
                       argv)
    return Verdict("refused", "dockercri exits %d: %s" % (error.exit_code, message), argv)


def _is_stand_in(word, stand_ins):
    return any(placeholder in word for placeholder in stand_ins)


def _named(word, stand_ins):
    for placeholder, text in stand_ins.items():
        word = word.replace(placeholder, text)
    return word


def _items(value):
    return value if isinstance(value, (list, tuple)) else [value]


_groups = None


def _group_words():
    """First words of the table's two-word commands: container, image, ..."""
    global _groups
    if _groups is None:
        from dockercri import mapping

        _groups = {name.split()[0] for command in mapping.command_names()
                   for name in (command,) + mapping.command(command).aliases if " " in name}
    return _groups

