"""Runners for stop, kill, rm, start, restart, wait and container prune: plan → execute →
print each name's outcome as docker does.

Commands that take several containers act on each, print each success (the name as the
user gave it), report every failure, and exit 1 if any failed.
"""

from dockercri.errors import DockerCLIError
from dockercri.plan.common import refuse_if_needed
from dockercri.runtime.executor import Results


def each_name(intent, plan, session, summary=None, printed=None, tolerated=None):
    """Execute `plan`, whose groups are the named objects, printing as each ends: the name,
    or what `printed(results, group)` gives (a line, or a list of lines)."""
    failed = []
    results = Results()

    def report(group, error):
        name = intent.args[group - 1]
        if error is None:
            shown = printed(results, group) if printed else name
            for line in ([shown] if isinstance(shown, str) else shown):
                session.out(line)
            return
        if error.message:
            session.err(error.message)
        if not (tolerated and tolerated(error)):
            failed.append(name)
    session.executor.execute(plan, session, results=results, on_group=report)
    if failed:
        raise DockerCLIError(summary % ", ".join(failed) if summary else "", exit_code=1)
    return 0


def run_stop(intent, plan, session):
    refuse_if_needed(plan, session)
    return each_name(intent, plan, session)


def run_kill(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.node.signals import number
    from dockercri.plan.lifecycle import signal_name
    number(signal_name(intent.opt("signal") or "KILL"))  # an unknown signal: before any call
    return each_name(intent, plan, session)


def run_rm(intent, plan, session):
    """With -f a missing container is reported but does not fail the command."""
    refuse_if_needed(plan, session)
    force = bool(intent.opt("force"))
    return each_name(intent, plan, session, tolerated=lambda error: force and
                     error.message.startswith("Error: No such container"))


def run_start(intent, plan, session):
    refuse_if_needed(plan, session)
    if intent.opt("attach") or intent.opt("interactive"):
        from dockercri.commands.streams import run_start_attached
        return run_start_attached(intent, plan, session)
    return each_name(intent, plan, session, "Error: failed to start containers: %s")


def run_restart(intent, plan, session):
    refuse_if_needed(plan, session)
    return each_name(intent, plan, session)


def run_wait(intent, plan, session):
    refuse_if_needed(plan, session)
    return each_name(intent, plan, session,
                     printed=lambda results, group: str(
                         results["wait%d" % group].status.exit_code
                         if results.get("wait%d" % group) is not None else 0))


def run_container_prune(intent, plan, session):
    refuse_if_needed(plan, session)
    from dockercri.commands.prompt import confirm
    if not intent.opt("force") and not confirm(session, "WARNING! This will remove all stopped "
                                               "containers.\nAre you sure you want to continue?"):
        return 0
    results = session.executor.execute(plan, session)
    removed = [item for item, outcome in results.per_item("rmpods") if outcome is not None]
    if removed:
        session.out("Deleted Containers:")
        for container in removed:
            session.out(container.id)
        session.out("")
    session.out("Total reclaimed space: 0B")
    return 0



