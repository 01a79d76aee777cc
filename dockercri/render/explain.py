"""A Plan as teaching text: the crictl commands, the numbered CRI calls, every flag's fate."""

import json

from dockercri.plan.model import Computed, Ref


def _request_json(request, numbers, files=None, top=None):
    """The request as JSON; a config that is one of the crictl files shown above is
    named rather than printed again."""
    shown = {id(content): name for name, content in (files or {}).items()}

    def convert(value):
        if id(value) in shown and value is not top:
            return "<the contents of %s above>" % shown[id(value)]
        if isinstance(value, Computed):
            return value.describe(numbers)
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


def _step_lines(index, step, numbers, files):
    """One step as explain prints it: what it does, its request, and every condition
    the executor applies to it (the same fields the executor reads)."""
    if step.rpc:
        head = "  %d. %s" % (index, step.rpc)
    elif step.pick is not None:
        head = "  %d. (dockercri) %s" % (index, step.pick.describe(numbers))
    elif step.node:
        head = "  %d. (on the node) %s" % (index, step.action)
    else:
        head = "  %d. (dockercri) %s" % (index, step.action)
    if step.rpc and step.action:
        head += "  — %s" % step.action
    lines = [head]
    if step.rpc or (step.node and step.request):
        lines.append(_indent(_request_json(step.request, numbers, files), "     "))
    if step.rpc and step.pick is not None:
        lines.append("     then %s" % step.pick.describe())
    if isinstance(step.each, Ref):
        lines.append("     once for each of %s" % _describe_ref(step.each, numbers)
                     + (" %s" % step.where.text if step.where is not None else ""))
    if step.when is not None:
        lines.append("     %s" % step.when.text)
    if step.on_demand:
        lines.append("     %s" % step.on_demand)
    if step.during is not None:
        lines.append("     while it waits: %s" % step.during.text)
    if step.until is not None:
        lines.append("     repeated every %gs %s" % (step.interval, step.until.text))
    if step.held:
        lines.append("     Ctrl-C and SIGTERM wait until it returns")
    if step.lock is not None:
        lines.append("     in turn with the other names' steps on the same value (%s): "
                     "one at a time" % step.lock.describe(numbers))
    for undo in step.undo:
        lines.append("     if the command fails or is interrupted later: %s %s" % (
            undo.rpc, json.dumps(_plain(undo.request, numbers))))
    if step.keep:
        lines.append("     from here on, what the command made is kept")
    for reason in step.why:
        lines.append("     why: %s" % reason)
    if step.optional:
        lines.append("     (a failure here is tolerated)")
    return lines


def _describe_ref(ref, numbers):
    if isinstance(ref, Ref):
        return "%s" % ref.describe(numbers).strip("<>")
    return str(ref)


def _plain(request, numbers):
    return json.loads(_request_json(request, numbers))


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
    if plan.files:
        from dockercri.render import crictl_files
        types = crictl_files.message_types_of(plan.files, plan.steps)
    for name, content in plan.files.items():
        out.append("%s (the file crictl reads):" % name)
        legend = ""
        if name in types:
            content, found = crictl_files.go_form(types[name], content)
            legend = crictl_files.enum_legend(found)
        out.append(_indent(_request_json(content, numbers, plan.files, content), "  "))
        if legend:
            out.append("  " + legend)
        out.append("")
    out.append("CRI calls:")
    for index, step in enumerate(plan.steps, 1):
        out += _step_lines(index, step, numbers, plan.files)
    if plan.flags:
        out += ["", "Flags:"]
        for use in plan.flags:
            out.append("  %s  [%s]  %s" % (use.flag, use.status, use.explanation))
    if plan.notes:
        out += ["", "Notes:"]
        out += ["  " + note for note in plan.notes]
    return "\n".join(out) + "\n"
