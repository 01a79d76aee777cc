"""run and create: plan → execute → the container's id or its exit status.

Every object the plan makes has its undo step: any failure, or Ctrl-C/SIGTERM, before
the command's work is done removes it again (the executor runs them).
"""

import os

from dockercri.errors import ProgramError, RuntimeError_, RuntimeUnavailable, \
    run_client_error, run_daemon_error
from dockercri.plan.common import refuse_if_needed


def run_run(intent, plan, session):
    try:
        return _execute(intent, plan, session, run=True)
    except (RuntimeUnavailable, RuntimeError_) as error:
        # docker run exits 125 for its daemon's failures, so that they never read as the
        # container's own exit status; a runtime that is down or went away is one.
        if isinstance(error, RuntimeUnavailable):
            raise ProgramError(error.message, "run")
        raise run_daemon_error(error.message, 125, True)


def run_create(intent, plan, session):
    return _execute(intent, plan, session, run=False)


def _execute(intent, plan, session, run):
    refuse_if_needed(plan, session)
    if run:
        from dockercri.commands.streams import check_attach
        check_attach(session, intent)
    cidfile = intent.opt("cidfile")
    if cidfile and os.path.exists(cidfile):
        raise run_client_error("Container ID file found, make sure the other container isn't "
                               "running or delete %s" % cidfile, run)
    results = session.executor.execute(plan, session)
    container_id = results["create"].container_id
    if not run or intent.opt("detach"):
        session.out(container_id)
        return 0
    from dockercri.commands.streams import foreground_exit
    code = foreground_exit(results)
    if code is None:
        if intent.opt("rm"):
            session.err("%s: --rm cannot remove %s after a detach; remove it with "
                        "`%s rm -f %s`" % (session.env.prog, container_id[:12],
                                           session.env.prog, container_id[:12]))
        return 0
    return code
