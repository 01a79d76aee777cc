"""Runners for exec, attach and port-forward, and start -a/-i: plan → execute → exit status.

The plan asks the runtime for a streaming URL (Exec, Attach, PortForward) and its node
steps hold the stream (dockercri.node.streams, dockercri.node.foreground).
"""

from dockercri.plan.common import refuse_if_needed


def run_exec(intent, plan, session):
    refuse_if_needed(plan, session)
    results = session.executor.execute(plan, session)
    code = results["stream"]
    return 0 if code == "detached" else code


def run_attach(intent, plan, session):
    refuse_if_needed(plan, session)
    results = session.executor.execute(plan, session)
    if results["stream"] == "detached":
        return 0
    return results["exit"].status.exit_code


def foreground_exit(results):
    """The exit status of a foreground run or start -a: the container's, or 0 after a
    detach (it keeps running)."""
    if "detached" in (results.get("stream"), results.get("follow")):
        return None
    return results["exit"].status.exit_code


def run_start_attached(intent, plan, session):
    """docker start -a / -i CONTAINER."""
    if len(intent.args) > 1:
        from dockercri.errors import DockerCLIError
        raise DockerCLIError("Error: you cannot start and attach multiple containers at once",
                             exit_code=1)
    results = session.executor.execute(plan, session)
    code = foreground_exit(results)
    return 0 if code is None else code


def check_attach(session, intent):
    """Before anything is made: docker's refusal of -it without a terminal on stdin."""
    if intent.opt("tty") and intent.opt("interactive") and not intent.opt("detach"):
        from dockercri.node.streams import check_terminal
        check_terminal(session)


def run_port_forward(intent, plan, session):
    refuse_if_needed(plan, session)
    session.executor.execute(plan, session)
    return 0
