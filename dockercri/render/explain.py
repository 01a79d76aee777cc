"""A Plan as teaching text: the crictl commands, the numbered CRI calls, every flag's fate."""

import json

from dockercri.plan.model import Ref


def _request_json(request, numbers, files=None, top=None):
    """The request as JSON; a config that is one of the crictl files shown above is
    named rather than printed again."""
    shown = {id(content): name for name, content in (files or {}).items()}

    def convert(value):
        if id(value) in shown and value is not top:
            return "<the contents of %s above>" % shown[id(value)]
        if isinstance(value, Ref):
            if value.step == "@each":
                return "<%s>" % value.label
            return value.describe(numbers)
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(item) for item in value]
        return value
    return json.dumps(convert(request), indent=2, sort_keys=False)


def _indent(text, prefix):
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def explain_text(argv_text, command, plan):
    numbers = plan.numbers()
    out = ["$ docker %s" % argv_text, ""]
    summary = command.summary
    if command.k8s_table:
        row = command.k8s_table
        summary += "  (Kubernetes' docker→crictl table: docker %s ↔ crictl %s%s)" % (
            command.name, row.get("crictl", ""),
            "; unsupported there: %s" % row["unsupported"] if row.get("unsupported") else "")
    out += [summary, ""]
    if plan.refusals and getattr(command, "status", "") == "unsupported":
        out.append("Not possible over CRI (dockercri refuses this command, exit 1):")
        out += ["  " + line for line in plan.refusals[:1]]
        out.append("")
    elif plan.refusals:
        out.append("Not possible over CRI (dockercri refuses these, exit 125):")
        out += ["  " + line for line in plan.refusals]
        out.append("")
    out.append("crictl equivalent:")
    out += ["  " + line for line in plan.crictl] or ["  (none)"]
    out.append("")
    for name, content in plan.files.items():
        out.append("%s (the file crictl reads):" % name)
        out.append(_indent(_request_json(content, numbers, plan.files, content), "  "))
        out.append("")
    out.append("CRI calls:")
    for index, step in enumerate(plan.steps, 1):
        if step.rpc is None:
            out.append("  %d. (dockercri) %s" % (index, step.action))
            continue
        line = "  %d. %s" % (index, step.rpc)
        if step.action:
            line += "  — %s" % step.action
        out.append(line)
        out.append(_indent(_request_json(step.request, numbers, plan.files), "     "))
        if step.pick is not None:
            out.append("     then %s" % step.pick.describe())
        for reason in step.why:
            out.append("     why: %s" % reason)
        if step.optional:
            out.append("     (a failure here is tolerated)")
    if plan.flags:
        out += ["", "Flags:"]
        for use in plan.flags:
            out.append("  %s  [%s]  %s" % (use.flag, use.status, use.explanation))
    if plan.notes:
        out += ["", "Notes:"]
        out += ["  " + note for note in plan.notes]
    return "\n".join(out) + "\n"
