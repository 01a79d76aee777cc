"""What every planner does with the table: describe the flags the user typed,
and turn flags CRI cannot honour into refusals that say why."""

from dockercri.errors import Unsupported
from dockercri.plan.model import FlagUse


def describe_flags(plan, intent, command):
    for flag in command.flags:
        if flag.dest not in intent.given:
            continue
        if flag.status == "unsupported":
            text = "not possible over CRI: %s Instead: %s" % (flag.reason, flag.workaround)
        else:
            target = ", ".join(flag.cri) if flag.cri else "dockercri itself"
            text = "%s → %s. %s" % (flag.status, target, flag.note)
            if flag.crictl:
                text += " (crictl %s)" % flag.crictl
        plan.flags.append(FlagUse(flag.name, intent.options.get(flag.dest), flag.status, text.strip()))


def refusals(plan, intent, command):
    """Unsupported flags the user gave; execution refuses them, explain lists them."""
    for flag in command.flags:
        if flag.dest in intent.given and flag.status == "unsupported":
            if _is_default(flag, intent.options.get(flag.dest)):
                continue  # --restart=no, --sig-proxy=true: what CRI does anyway
            plan.refusals.append(
                "%s: %s %s" % (flag.name, flag.reason.rstrip("."), "- " + flag.workaround
                               if flag.workaround else ""))


def _is_default(flag, value):
    if flag.default is None or value in (None, ()):
        return False
    if flag.type == "bool":
        return bool(value) == bool(flag.default)
    return str(value).strip().lower() == str(flag.default).strip().lower()


UNSUPPORTED_ENV = "DOCKERCRI_UNSUPPORTED"  # "warn": carry on without what CRI cannot do


def refuse_if_needed(plan, session):
    """Called by runners before touching the runtime, so a refusal leaves nothing half-done.

    With DOCKERCRI_UNSUPPORTED=warn the user has opted in to running anyway: each
    refused flag becomes a warning on stderr and is ignored.
    """
    if not plan.refusals:
        return
    if session.env.environ.get(UNSUPPORTED_ENV, "").lower() == "warn":
        for line in plan.refusals:
            session.err("WARNING: ignored, %s" % line)
        return
    raise Unsupported("%s: %s: %s\nSet %s=warn to run without it."
                      % (session.env.prog, plan.command, plan.refusals[0], UNSUPPORTED_ENV))


def start(command, intent):
    from dockercri.plan.model import Plan

    plan = Plan(command.name)
    describe_flags(plan, intent, command)
    refusals(plan, intent, command)
    if command.note:
        plan.notes.append(command.note)
    return plan


def crictl_line(*parts):
    return " ".join(str(part) for part in parts if part not in (None, "", False))


def list_containers(plan):
    """The lists names are resolved in: dockershim names of kubelet containers come from
    their pods, so both lists are fetched."""
    from dockercri.plan.model import Step
    plan.add(Step("containers", "RuntimeService.ListContainers", {},
                  why=("names and ids to resolve",)))
    plan.add(Step("pods", "RuntimeService.ListPodSandbox", {},
                  why=("a kubelet container's docker name comes from its pod",)))


def find_container(plan, name, index, errors="dockercri.errors:container_lookup",
                   sandboxes=False):
    """A pick step for one named container (group `index`); returns its key. With
    `sandboxes`, a kubelet pod's sandbox (k8s_POD_...) is found too."""
    from dockercri.plan.model import Pick, Step
    key = "find%d" % index
    plan.add(Step(key, pick=Pick("container", name, sandboxes=sandboxes), group=index,
                  errors=errors, args=(name,)))
    return key


# What pull shows while PullImage waits (dockercri.render.progress).
PULL_PROGRESS = ("on a terminal, the image and the seconds waited, rewritten in place, then "
                 "Pull complete or Pull failed (CRI reports no layers or bytes)")
